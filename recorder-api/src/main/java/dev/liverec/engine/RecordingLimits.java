package dev.liverec.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * When a recording with a maximum duration ends by itself, and why.
 *
 * <ul>
 *   <li><b>By media time</b>, for every source: once the video written covers the maximum (the
 *       next frame would start within half a frame of it, or past it). The file is then that long
 *       to the frame.
 *   <li><b>By the clock</b>, for a live source only: once the wall clock since the first frame's
 *       arrival (media time 0) reaches the maximum while no video flows (none arrived for
 *       {@link #quietNanos()} and none is waiting). Media time only advances with frames, so
 *       without this a publisher that left for good would keep the recording open forever. The
 *       pipeline then runs the file's timeline to {@link #endUs()}: the last picture held and the
 *       audio filled with silence. While video flows the media-time rule ends the recording first,
 *       so this one never ends it earlier.
 * </ul>
 *
 * <p>Used by the session thread only.
 */
final class RecordingLimits {
  /** Video that arrived within this long (or two frame intervals, if longer) is still flowing. */
  static final long QUIET_NANOS = 250_000_000L;

  private final @Nullable Duration max;
  private final long maxUs;
  private final long intervalUs;
  private final boolean live;
  private final long quietNanos;
  private boolean started;
  private long originNanos;
  private @Nullable String reason;

  /**
   * @param max the configured maximum duration, or null for none
   * @param intervalUs the output's frame interval
   * @param live whether the source runs on the wall clock ({@code FrameSource.isLive()})
   */
  RecordingLimits(@Nullable Duration max, long intervalUs, boolean live) {
    this.max = max;
    this.maxUs = max == null ? Long.MAX_VALUE : max.toNanos() / 1_000;
    this.intervalUs = intervalUs;
    this.live = live;
    this.quietNanos = Math.max(QUIET_NANOS, 2 * intervalUs * 1_000);
  }

  /** Whether the recording may end by the clock, so the last picture must be kept to hold it. */
  boolean mayEndByClock() {
    return live && max != null;
  }

  /** How long without video counts as not flowing. */
  long quietNanos() {
    return quietNanos;
  }

  /** Sets media time 0 on the wall clock: the first video frame arrived at {@code nanos}. */
  void start(long nanos) {
    if (!started) {
      started = true;
      originNanos = nanos;
    }
  }

  /** Whether the video written, up to a last frame starting at {@code lastPtsUs}, covers it. */
  boolean reachedByMedia(long lastPtsUs) {
    if (max == null || !started || lastPtsUs + intervalUs + intervalUs / 2 <= maxUs) {
      return false;
    }
    reason = "reached " + seconds(maxUs) + " of media";
    return true;
  }

  /**
   * Whether a live recording has reached its maximum by the clock at {@code nowNanos}.
   *
   * @param lastVideoNanos when the newest video frame the session took arrived
   * @param videoWaiting whether more video is queued (then it flows, however late); asked only
   *     once the clock has reached the maximum
   */
  boolean reachedByClock(long nowNanos, long lastVideoNanos, BooleanSupplier videoWaiting) {
    if (!mayEndByClock() || !started || nowNanos - originNanos < maxUs * 1_000) {
      return false;
    }
    long quiet = nowNanos - lastVideoNanos;
    if (quiet < quietNanos || videoWaiting.getAsBoolean()) {
      return false;
    }
    reason = String.format(Locale.ROOT,
        "reached %s by the clock; no video frame for the last %.1f s (last picture held, audio "
            + "filled with silence)", seconds(maxUs), quiet / 1e9);
    return true;
  }

  /** Where the file's timeline ends when the clock ends it: the maximum duration. */
  long endUs() {
    return maxUs;
  }

  /** Why the recording ended by itself, or null while it has not. */
  @Nullable String reason() {
    return reason;
  }

  private static String seconds(long us) {
    return us % 1_000_000 == 0
        ? us / 1_000_000 + " s"
        : String.format(Locale.ROOT, "%.3f s", us / 1e6);
  }
}
