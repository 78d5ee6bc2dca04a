package dev.liverec.ffmpeg;

/**
 * Maps a stream's own timestamps (microseconds, any origin) onto the capture clock the recorder
 * expects, one clock for audio and video so their sync is kept.
 *
 * <p>A file keeps its timestamps as they are: the recorder rebases them to its first frame. A live
 * input is anchored on the wall clock ({@link System#nanoTime()}): the first frame of each
 * connection is placed at the moment the connection opened (never before the last frame of the
 * previous connection) and the frames after it keep their distances from it. The moment it opened,
 * not the moment the first frame was decoded: FFmpeg reads a second or more of the stream to learn
 * its format before the first frame comes out, and those frames then arrive in a burst. So a publisher that stops and
 * comes back five seconds later, its timestamps starting again from zero, leaves a five-second gap
 * in the recording, which the recorder reports. A live stream whose timestamps jump by more than
 * {@value #RESYNC_US} us from where the wall clock says they should be (a wrap, a restarted
 * encoder on the same connection) is re-anchored the same way.
 *
 * <p>Used by the source's reader thread only.
 */
final class CaptureClock {
  static final long RESYNC_US = 30_000_000;
  /** Distance kept after the previous connection's last frame when anchoring a new one. */
  private static final long MIN_STEP_US = 10_000;

  private final boolean live;
  private boolean anchored;
  private long openedUs;
  private long offsetUs;
  private long lastCaptureUs = Long.MIN_VALUE;

  CaptureClock(boolean live) {
    this.live = live;
  }

  /** A connection opened at {@code openedUs}: its first timestamp anchors the clock there. */
  void newConnection(long openedUs) {
    this.openedUs = openedUs;
    anchored = false;
  }

  /** The capture time of a frame whose stream timestamp is {@code streamUs}, arrived at {@code nowUs}. */
  long captureUs(long streamUs, long nowUs) {
    if (!live) {
      return streamUs;
    }
    boolean resync = anchored && Math.abs(streamUs + offsetUs - nowUs) > RESYNC_US;
    if (!anchored || resync) {
      long at = resync ? nowUs : Math.min(openedUs, nowUs);
      long start = lastCaptureUs == Long.MIN_VALUE ? at : Math.max(at, lastCaptureUs + MIN_STEP_US);
      offsetUs = start - streamUs;
      anchored = true;
    }
    long captureUs = streamUs + offsetUs;
    lastCaptureUs = Math.max(lastCaptureUs, captureUs);
    return captureUs;
  }
}
