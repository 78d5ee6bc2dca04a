package dev.liverec.cluster;

import org.jspecify.annotations.Nullable;

/** The object store refused or failed a request; the message names the bucket and key. */
public final class StorageException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
