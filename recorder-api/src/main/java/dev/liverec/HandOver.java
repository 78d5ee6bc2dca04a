package dev.liverec;

/**
 * What the recorder does when frames come faster than the encoder takes them and its bounded
 * queue is full.
 */
public enum HandOver {
  /**
   * {@link #DROP_OLDEST} for a live source, {@link #HOLD_SOURCE} for one that is not ({@link
   * dev.liverec.spi.FrameSource#isLive()}). The default.
   */
  BY_SOURCE,
  /**
   * Drop the oldest waiting video frame: the source's thread never waits, the recording keeps up
   * with the live edge, and each drop is counted ({@code framesDroppedBackpressure}). Right for a
   * room, a camera, a stream that cannot be paused.
   */
  DROP_OLDEST,
  /**
   * Hold the source's thread in {@code onVideo}/{@code onAudio} until the encoder has taken a
   * frame: nothing is dropped and the source runs at the encoder's pace. Right for a file, a
   * generator or an offline pipeline; wrong for a live stream, whose network buffers would fill.
   */
  HOLD_SOURCE;

  /** Whether a full queue holds back a source that is (or is not) live. */
  public boolean holdsSource(boolean live) {
    return this == HOLD_SOURCE || (this == BY_SOURCE && !live);
  }
}
