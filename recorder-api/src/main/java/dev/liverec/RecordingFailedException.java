package dev.liverec;

import org.jspecify.annotations.Nullable;

/** The session could not start or went FAILED; {@link #getMessage()} carries the reason. */
public final class RecordingFailedException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public RecordingFailedException(String reason, @Nullable Throwable cause) {
    super(reason, cause);
  }
}
