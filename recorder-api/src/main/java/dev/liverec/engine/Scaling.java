package dev.liverec.engine;

import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.Stage;
import dev.liverec.spi.VideoScaler;

/**
 * One pass through the scale stage, the same wherever it runs (the {@link ScaleAhead} thread, or
 * the {@link VideoTrack} for a picture that reached it unscaled).
 */
final class Scaling {
  private Scaling() {}

  /**
   * The encoder's picture for {@code frame}, which this takes over: {@code frame} itself when it
   * needs no scaling, else a new picture (with the frame's arrival time) and {@code frame} is
   * closed. Only a picture actually made counts as {@link Stage#SCALE}. On failure {@code frame}
   * is closed and the exception goes on.
   */
  static VideoFrame scale(VideoScaler scaler, VideoFrame frame, Metrics metrics) {
    long started = System.nanoTime();
    VideoFrame picture;
    try {
      picture = scaler.scale(frame);
    } catch (RuntimeException e) {
      frame.close();
      throw e;
    }
    if (picture != frame) {
      picture.markArrival(frame.arrivalNanos());
      frame.close();
      metrics.stageTime(Stage.SCALE, System.nanoTime() - started);
    }
    return picture;
  }
}
