package dev.liverec.testkit;

import org.jspecify.annotations.Nullable;

/**
 * A file could not be probed at all: it does not exist, is not a media file FFmpeg can open, or
 * holds neither an audio nor a video stream. A file that opens but breaks off part-way (a truncated
 * recording) does not raise this; {@link ProbeReport} describes where it broke.
 */
public class ProbeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProbeException(String message) {
    super(message);
  }

  public ProbeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
