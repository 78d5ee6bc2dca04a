package dev.liverec.benchmarks;

import dev.liverec.RecorderConfig;
import java.nio.file.Path;

/**
 * The codec settings every contender uses, taken from liverec's own defaults so that the floor and
 * JavaCV encode exactly what a default {@link dev.liverec.RecordingSession} encodes: libx264,
 * {@code tune=zerolatency}, the given preset, 30 fps, GOP 60 (2 s) with {@code scenecut=0}, no
 * B-frames, 2 Mbit/s at 1080p30 scaled by pixel count, max rate 1.5x, VBV buffer 1 s.
 */
public final class BenchSettings {
  public static final int FRAME_RATE = 30;
  private static final RecorderConfig DEFAULTS =
      RecorderConfig.builder(Path.of("defaults.mp4")).frameRate(FRAME_RATE).build();

  private BenchSettings() {}

  public static long bitRate(int width, int height) {
    return DEFAULTS.videoBitRate(width, height);
  }

  public static int gop() {
    return DEFAULTS.gopFrames();
  }

  /** x264 options shared by all contenders (the floor, JavaCV and the ffmpeg CLI). */
  public static final String X264_PARAMS = "scenecut=0";
}
