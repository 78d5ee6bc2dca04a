package dev.liverec.ffmpeg;

import dev.liverec.LiverecException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link FfmpegFrameSource} could not open its input within its connect timeout (server down,
 * nobody pushed to the listening address, a file FFmpeg cannot read), or lost it and could not
 * reopen it within its reconnect window.
 */
public final class SourceUnreachableException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public SourceUnreachableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
