package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.liverec.MediaException;
import java.nio.charset.StandardCharsets;

/** Small shared helpers: library set-up and FFmpeg error codes turned into typed exceptions. */
final class Ffmpeg {
  /** AVERROR(EAGAIN) on Linux: the codec wants more input before it has output. */
  static final int EAGAIN = -11;

  private static volatile boolean initialised;

  private Ffmpeg() {}

  /** Loads the native libraries once and keeps FFmpeg's own logging to errors. */
  static void init() {
    if (!initialised) {
      synchronized (Ffmpeg.class) {
        if (!initialised) {
          av_log_set_level(AV_LOG_ERROR);
          initialised = true;
        }
      }
    }
  }

  /** FFmpeg's message for an error code. */
  static String describe(int code) {
    byte[] buffer = new byte[256];
    av_strerror(code, buffer, buffer.length);
    int end = 0;
    while (end < buffer.length && buffer[end] != 0) {
      end++;
    }
    return new String(buffer, 0, end, StandardCharsets.UTF_8) + " (" + code + ")";
  }

  /** Returns {@code code} when it is not an error, else throws a {@link MediaException}. */
  static int check(int code, String what) {
    if (code < 0) {
      throw new MediaException(what + " failed: " + describe(code));
    }
    return code;
  }
}
