package dev.liverec;

import org.jspecify.annotations.Nullable;

/** An encoder, muxer or codec failed (a native error, a missing codec, a write that failed). */
public class MediaException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public MediaException(String message) {
    super(message);
  }

  public MediaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
