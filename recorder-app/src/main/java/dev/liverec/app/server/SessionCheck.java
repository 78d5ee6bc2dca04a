package dev.liverec.app.server;

import dev.liverec.RecordingStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether a running session keeps up with its source, from samples of its stats taken about
 * once a second: it is degraded when, over the last few seconds, the frames written run far below
 * the frames received (or the source's frame rate), or frames were dropped because the queue was
 * full. It recovers after two good samples in a row. Thread-safe.
 */
final class SessionCheck {
  /** How far back a sample is compared with the newest. */
  static final long WINDOW_NANOS = 2_000_000_000L;
  /** Written below this share of what arrived is "far below". */
  static final double MIN_WRITTEN_SHARE = 0.6;

  private record Sample(long nanos, long received, long written, long dropped) {}

  private final int frameRate;
  private final List<Sample> samples = new ArrayList<>();
  private @Nullable String degradedReason;
  private int goodInARow;

  SessionCheck(int frameRate) {
    this.frameRate = frameRate;
  }

  /** The reason this session is degraded now, or null when it keeps up. */
  synchronized @Nullable String degradedReason() {
    return degradedReason;
  }

  /**
   * Adds a sample and re-judges.
   *
   * @return true when the verdict changed (degraded or recovered), so the caller logs it once
   */
  synchronized boolean sample(RecordingStats stats, long nowNanos) {
    Sample now = new Sample(nowNanos, stats.videoFramesReceived(), stats.videoFramesWritten(),
        stats.framesDroppedBackpressure());
    samples.add(now);
    while (samples.size() > 2 && nowNanos - samples.get(1).nanos >= WINDOW_NANOS) {
      samples.remove(0);
    }
    Sample old = samples.get(0);
    if (nowNanos - old.nanos < WINDOW_NANOS) {
      return false;
    }
    String problem = judge(old, now);
    String before = degradedReason;
    if (problem != null) {
      goodInARow = 0;
      degradedReason = problem;
      return before == null;
    }
    if (before != null && ++goodInARow >= 2) {
      degradedReason = null;
      return true;
    }
    return false;
  }

  private @Nullable String judge(Sample old, Sample now) {
    double seconds = (now.nanos - old.nanos) / 1e9;
    double receivedFps = (now.received - old.received) / seconds;
    double writtenFps = (now.written - old.written) / seconds;
    long dropped = now.dropped - old.dropped;
    double expected = Math.min(receivedFps, frameRate * 1.5);
    if (dropped > 0 || (receivedFps >= 1 && writtenFps < expected * MIN_WRITTEN_SHARE)) {
      return String.format(Locale.ROOT,
          "falling behind: %.1f frames/s written of %.1f received over %.1f s, %d dropped "
              + "because the queue was full", writtenFps, receivedFps, seconds, dropped);
    }
    return null;
  }
}
