package dev.liverec.spi;

import dev.liverec.InvalidSettingException;

/** How to open an audio encoder: the stream's fixed output format. */
public record AudioEncoderSettings(int sampleRate, int channels, long bitRate) {
  public AudioEncoderSettings {
    if (sampleRate <= 0 || channels <= 0 || bitRate <= 0) {
      throw new InvalidSettingException("sample rate, channels and bit rate must be positive");
    }
  }
}
