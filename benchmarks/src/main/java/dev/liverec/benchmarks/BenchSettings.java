package dev.liverec.benchmarks;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.spi.PictureConverter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

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

  /**
   * The picture converter a session with the default providers uses for {@code frames}' BGR24
   * pictures (libyuv, with recorder-libyuv on the class path), or null when there is none or it
   * declines them: swscale converts then, as in the session.
   */
  public static @Nullable PictureConverter converterFor(TexturedFrames frames) {
    PictureConverter converter;
    try (Recorder recorder = Recorder.create()) {
      converter = recorder.pictureConverter();
    }
    return converter != null && converter.accepts(frames.bgrFrame(0)) ? converter : null;
  }
}
