package dev.liverec;

import org.jspecify.annotations.Nullable;

/** Base of every exception liverec throws. Unchecked: recording errors are not recoverable inline. */
public class LiverecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LiverecException(String message) {
    super(message);
  }

  public LiverecException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
