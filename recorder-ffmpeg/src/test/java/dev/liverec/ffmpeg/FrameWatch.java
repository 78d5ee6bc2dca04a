package dev.liverec.ffmpeg;

import dev.liverec.RecordingSession;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Test helper: watches a live recording from outside, as a user would, by polling its status:
 * when the first video frame arrived and when the last one did, by the wall clock. The wall time
 * between them is what a live recording's duration must match.
 */
final class FrameWatch {
  private static final long POLL_MS = 25;
  private final RecordingSession session;
  private long frames;
  private long firstNanos;
  private long lastNanos;
  private long changedNanos = System.nanoTime();

  FrameWatch(RecordingSession session) {
    this.session = session;
  }

  /** Polls until {@code condition} holds, failing after {@code timeout}. */
  void until(BooleanSupplier condition, Duration timeout, String what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
            + "; status " + session.status());
      }
      poll();
    }
  }

  /** Polls for {@code duration}: the publisher's pause, as the wall clock measures it. */
  void during(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    until(() -> System.nanoTime() >= end, duration.plusSeconds(1), "the pause to pass");
  }

  /** Polls until no new video frame has arrived for {@code quiet}: the input has been drained. */
  void untilQuiet(Duration quiet, Duration timeout) {
    until(() -> frames > 0 && System.nanoTime() - changedNanos > quiet.toNanos(), timeout,
        "video frames to stop arriving");
  }

  long frames() {
    return frames;
  }

  /** Wall time from the first video frame received to the last, in seconds. */
  double wallSeconds() {
    return (lastNanos - firstNanos) / 1e9;
  }

  private void poll() {
    long now = System.nanoTime();
    long received = session.status().stats().videoFramesReceived();
    if (received != frames) {
      if (frames == 0) {
        firstNanos = now;
      }
      frames = received;
      lastNanos = now;
      changedNanos = now;
    }
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
