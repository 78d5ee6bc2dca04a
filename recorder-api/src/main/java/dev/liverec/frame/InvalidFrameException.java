package dev.liverec.frame;

import dev.liverec.LiverecException;

/**
 * A frame whose geometry, buffers or audio format cannot be recorded. Thrown when the frame is
 * made, before any native code sees it; nothing already recorded is affected.
 */
public final class InvalidFrameException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public InvalidFrameException(String message) {
    super(message);
  }
}
