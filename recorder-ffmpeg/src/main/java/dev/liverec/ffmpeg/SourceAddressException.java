package dev.liverec.ffmpeg;

import dev.liverec.LiverecException;

/** An address {@link FfmpegFrameSource} cannot use at all: malformed, unknown protocol, no file. */
public final class SourceAddressException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public SourceAddressException(String message) {
    super(message);
  }
}
