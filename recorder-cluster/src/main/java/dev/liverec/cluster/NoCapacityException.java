package dev.liverec.cluster;

/** Every live worker is at capacity (or draining): the HTTP layer answers 503 with the message. */
public final class NoCapacityException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public NoCapacityException(String message) {
    super(message);
  }
}
