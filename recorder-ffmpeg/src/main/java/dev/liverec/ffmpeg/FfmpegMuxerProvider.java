package dev.liverec.ffmpeg;

import dev.liverec.spi.Muxer;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.MuxerSettings;

/** The fragmented MP4 muxer, found by {@link java.util.ServiceLoader}. */
public final class FfmpegMuxerProvider implements MuxerProvider {
  @Override
  public String name() {
    return "ffmpeg-mp4";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Muxer open(MuxerSettings settings) {
    return FragmentedMp4Muxer.open(settings);
  }

  @Override
  public dev.liverec.RecoveryResult recover(java.nio.file.Path damaged, java.nio.file.Path output) {
    return Mp4Recovery.recover(damaged, output);
  }
}
