package dev.liverec.spi;

/**
 * How to open a video encoder.
 *
 * @param preset x264-style speed preset, for example {@code veryfast}
 * @param gopFrames frames between keyframes
 */
public record VideoEncoderSettings(
    int width, int height, int frameRate, long bitRate, int gopFrames, String preset) {

  public VideoEncoderSettings {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "encoded size must be positive and even, got " + width + "x" + height);
    }
    if (frameRate <= 0 || bitRate <= 0 || gopFrames <= 0) {
      throw new IllegalArgumentException("frame rate, bit rate and GOP must be positive");
    }
  }
}
