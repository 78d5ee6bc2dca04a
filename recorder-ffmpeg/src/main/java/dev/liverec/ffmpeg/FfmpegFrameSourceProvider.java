package dev.liverec.ffmpeg;

import dev.liverec.spi.FrameSource;
import dev.liverec.spi.FrameSourceProvider;

/** Opens URLs and files with {@link FfmpegFrameSource}, its defaults throughout. */
public final class FfmpegFrameSourceProvider implements FrameSourceProvider {
  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public boolean accepts(String address) {
    return SourceAddress.looksUsable(address);
  }

  @Override
  public FrameSource open(String address) {
    return FfmpegFrameSource.builder(address).build();
  }
}
