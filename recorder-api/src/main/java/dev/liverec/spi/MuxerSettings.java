package dev.liverec.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a muxer.
 *
 * @param fragmentDurationUs longest stretch of media kept in memory before it is on disk
 */
public record MuxerSettings(Path output, long fragmentDurationUs) {
  public MuxerSettings {
    Objects.requireNonNull(output, "output");
    if (fragmentDurationUs <= 0) {
      throw new IllegalArgumentException("fragment duration must be positive");
    }
  }
}
