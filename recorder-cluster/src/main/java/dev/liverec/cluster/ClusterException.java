package dev.liverec.cluster;

import dev.liverec.LiverecException;
import org.jspecify.annotations.Nullable;

/** Base of the cluster's failures; each subtype maps to one HTTP answer of the guide's API. */
public class ClusterException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
