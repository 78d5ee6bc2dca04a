package dev.liverec.cluster;

import org.jspecify.annotations.Nullable;

/** Redis cannot be reached: nothing was changed; the request can be repeated once it is back (503). */
public final class ClusterUnavailableException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public ClusterUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
