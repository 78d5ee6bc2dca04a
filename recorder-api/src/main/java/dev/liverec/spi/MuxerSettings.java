package dev.liverec.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a muxer.
 *
 * @param fragmentDurationUs longest stretch of media kept in memory before it is on disk
 * @param regularMp4AtStop rewrite the finished file as a regular (non-fragmented) MP4 at a clean
 *     stop; the muxer must then keep every sample's index entry in memory until the end
 */
public record MuxerSettings(Path output, long fragmentDurationUs, boolean regularMp4AtStop) {
  public MuxerSettings {
    Objects.requireNonNull(output, "output");
    if (fragmentDurationUs <= 0) {
      throw new IllegalArgumentException("fragment duration must be positive");
    }
  }
}
