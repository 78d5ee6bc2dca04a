package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** Small helpers around FFmpeg error codes and timestamps. */
final class FfmpegSupport {
  private static final int ERROR_BUFFER_SIZE = 256;

  private FfmpegSupport() {}

  /**
   * FFmpeg's text for an error code, with the code, e.g. {@code "Invalid data found ...
   * (-1094995529)"}.
   */
  static String describe(int errorCode) {
    byte[] buffer = new byte[ERROR_BUFFER_SIZE];
    if (av_strerror(errorCode, buffer, buffer.length) < 0) {
      return "FFmpeg error " + errorCode;
    }
    int length = 0;
    while (length < buffer.length && buffer[length] != 0) {
      length++;
    }
    return new String(buffer, 0, length, StandardCharsets.UTF_8) + " (" + errorCode + ")";
  }

  /** A time base as seconds per tick; 0 for an unset (0/x or x/0) time base. */
  static double secondsPerTick(AVRational timeBase) {
    return timeBase.num() == 0 || timeBase.den() == 0
        ? 0
        : (double) timeBase.num() / timeBase.den();
  }

  /** A timestamp in seconds, or {@code NaN} when it is {@code AV_NOPTS_VALUE}. */
  static double seconds(long timestamp, double secondsPerTick) {
    return timestamp == AV_NOPTS_VALUE ? Double.NaN : timestamp * secondsPerTick;
  }
}
