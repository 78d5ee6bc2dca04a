package dev.liverec.engine;

/**
 * Turns source capture times into the recording's timeline, once, so every later stage can trust
 * it: microseconds from the first video frame, strictly increasing.
 *
 * <ul>
 *   <li><b>Rebase</b>: the first video frame is time 0; audio shares the same offset.
 *   <li><b>Repair</b>: a frame at, before or less than {@value #MIN_STEP_US} us after the
 *       previous one is moved to {@value #MIN_STEP_US} us after it (so no two frames ever share
 *       a tick of the output time base); a step backwards of more than a second, or a jump either way
 *       of more than {@code maxJumpUs} that wall-clock arrival times do not confirm, re-anchors the
 *       timeline one frame interval after the previous frame. Each repair is counted.
 *   <li><b>Gaps</b>: a real pause in the source keeps its length, so the file's duration equals
 *       the source's; pauses over three frame intervals are reported.
 * </ul>
 *
 * <p>Used by the session thread only.
 */
public final class TimestampNormalizer {
  /** Smallest step between two repaired video timestamps. */
  public static final long MIN_STEP_US = 1_000;

  private static final long BACKWARD_REANCHOR_US = 1_000_000;

  private final long intervalUs;
  private final long maxJumpUs;
  private boolean started;
  private long offsetUs;
  private long lastPtsUs;
  private long lastCaptureUs;
  private long lastArrivalNanos;
  private boolean repaired;
  private long gapUs;
  private long intervalSinceLastUs;

  public TimestampNormalizer(long intervalUs, long maxJumpUs) {
    if (intervalUs <= 0 || maxJumpUs <= 0) {
      throw new IllegalArgumentException("interval and max jump must be positive");
    }
    this.intervalUs = intervalUs;
    this.maxJumpUs = maxJumpUs;
  }

  /**
   * The presentation time of a video frame captured at {@code captureUs} that arrived at
   * {@code arrivalNanos} ({@link System#nanoTime()}, or 0 when unknown). Afterwards
   * {@link #wasRepaired()}, {@link #gapUs()} and {@link #intervalUs()} describe this frame.
   */
  public long video(long captureUs, long arrivalNanos) {
    repaired = false;
    gapUs = 0;
    if (!started) {
      started = true;
      offsetUs = -captureUs;
      remember(0, captureUs, arrivalNanos);
      intervalSinceLastUs = -1;
      return 0;
    }
    long delta = saturatedSubtract(captureUs, lastCaptureUs);
    long pts;
    if (Math.abs(delta) > maxJumpUs && !confirmedByWallClock(delta, arrivalNanos)) {
      pts = reanchor(captureUs);
    } else {
      pts = saturatedAdd(captureUs, offsetUs);
      // Closer than MIN_STEP would collapse into one tick of the output time base.
      if (pts < lastPtsUs + MIN_STEP_US) {
        pts = lastPtsUs - pts > BACKWARD_REANCHOR_US ? reanchor(captureUs) : lastPtsUs + MIN_STEP_US;
        repaired = true;
      }
    }
    intervalSinceLastUs = pts - lastPtsUs;
    if (intervalSinceLastUs > 3 * intervalUs) {
      gapUs = intervalSinceLastUs;
    }
    remember(pts, captureUs, arrivalNanos);
    return pts;
  }

  /**
   * Continues the video timeline, without a source frame, with a repeat of the last picture at
   * {@code ptsUs} (moved to {@value #MIN_STEP_US} us after the last frame if it is not later):
   * for a recording that ends after its source went quiet. Afterwards {@link #gapUs()} and
   * {@link #intervalUs()} describe the repeat as they would a frame.
   *
   * @return the repeat's presentation time
   * @throws IllegalStateException before the first frame
   */
  public long repeat(long ptsUs) {
    if (!started) {
      throw new IllegalStateException("no frame to repeat yet");
    }
    long pts = Math.max(ptsUs, lastPtsUs + MIN_STEP_US);
    intervalSinceLastUs = pts - lastPtsUs;
    gapUs = intervalSinceLastUs > 3 * intervalUs ? intervalSinceLastUs : 0;
    repaired = false;
    lastPtsUs = pts;
    return pts;
  }

  private boolean confirmedByWallClock(long deltaUs, long arrivalNanos) {
    if (deltaUs <= 0 || arrivalNanos == 0 || lastArrivalNanos == 0) {
      return false;
    }
    long wallUs = (arrivalNanos - lastArrivalNanos) / 1_000;
    return wallUs >= deltaUs / 2;
  }

  private long reanchor(long captureUs) {
    long pts = lastPtsUs + intervalUs;
    offsetUs = pts - captureUs;
    repaired = true;
    return pts;
  }

  private void remember(long pts, long captureUs, long arrivalNanos) {
    lastPtsUs = pts;
    lastCaptureUs = captureUs;
    lastArrivalNanos = arrivalNanos;
  }

  /**
   * The recording time of audio captured at {@code captureUs}, on the video's timeline. Only
   * meaningful once {@link #started()}.
   */
  public long audio(long captureUs) {
    return saturatedAdd(captureUs, offsetUs);
  }

  /** Whether the first video frame has set the time origin. */
  public boolean started() {
    return started;
  }

  public boolean wasRepaired() {
    return repaired;
  }

  /** Length of the pause before the last frame, or 0 when there was none. */
  public long gapUs() {
    return gapUs;
  }

  /** Distance from the previous frame to the last one, or -1 for the first frame. */
  public long intervalUs() {
    return intervalSinceLastUs;
  }

  public long lastPtsUs() {
    return lastPtsUs;
  }

  private static long saturatedSubtract(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
