package dev.liverec.spi;

import dev.liverec.FileLayout;
import dev.liverec.InvalidSettingException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a muxer.
 *
 * @param fragmentDurationUs longest stretch of media kept in memory before it is on disk
 * @param layout what a clean stop leaves ({@link FileLayout}); while recording, every layout is
 *     a crash-safe fragmented MP4
 */
public record MuxerSettings(Path output, long fragmentDurationUs, FileLayout layout) {
  public MuxerSettings {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(layout, "layout");
    if (fragmentDurationUs <= 0) {
      throw new InvalidSettingException("fragment duration must be positive");
    }
  }
}
