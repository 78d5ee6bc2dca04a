package dev.liverec.spi;

import dev.liverec.InvalidSettingException;
import dev.liverec.Preset;

/**
 * How to open a video encoder.
 *
 * @param preset the speed/size trade-off; providers map it to their own options
 * @param gopFrames frames between keyframes
 */
public record VideoEncoderSettings(
    int width, int height, int frameRate, long bitRate, int gopFrames, Preset preset) {

  public VideoEncoderSettings {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new InvalidSettingException(
          "encoded size must be positive and even, got " + width + "x" + height);
    }
    if (frameRate <= 0 || bitRate <= 0 || gopFrames <= 0) {
      throw new InvalidSettingException("frame rate, bit rate and GOP must be positive");
    }
  }
}
