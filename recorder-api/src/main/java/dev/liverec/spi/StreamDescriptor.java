package dev.liverec.spi;

import dev.liverec.InvalidSettingException;

import dev.liverec.frame.TrackKind;
import java.util.Objects;

/**
 * What a muxer needs to declare one stream: its codec, time base, geometry or audio format and
 * the codec's configuration bytes (for H.264 its SPS/PPS, for AAC its AudioSpecificConfig).
 *
 * @param codec FFmpeg-style codec name, for example {@code h264} or {@code aac}
 */
public record StreamDescriptor(
    TrackKind kind,
    String codec,
    int timeBaseNum,
    int timeBaseDen,
    int width,
    int height,
    int sampleRate,
    int channels,
    int frameSize,
    long bitRate,
    byte[] extradata) {

  public StreamDescriptor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(extradata, "extradata");
    if (timeBaseNum <= 0 || timeBaseDen <= 0) {
      throw new InvalidSettingException("time base must be positive");
    }
    extradata = extradata.clone();
  }

  @Override
  public byte[] extradata() {
    return extradata.clone();
  }
}
