package dev.liverec.livekit;

/**
 * Gives PCM that arrives without timestamps a capture time on the video's clock.
 *
 * <p>WebRTC's audio sink hands over 10 ms chunks with no timestamp; they are pulled by the
 * headless audio device at its own pace, which in webrtc-java 0.14 runs about 0.3 % slow. So the
 * time of a chunk is its sample count since an anchor (smooth, no jitter) plus a slowly tracked
 * offset between that sample clock and the arrival clock ({@link System#nanoTime()}, the clock the
 * video frames carry). The offset follows the drift, so audio never walks away from the video;
 * a jump beyond {@value #REANCHOR_US} us (a pause, a new track) re-anchors at once. The drift is
 * measured as the sample clock's rate error against the arrival clock, in parts per million.
 *
 * <p>Not thread-safe: one audio thread calls it.
 */
final class AudioClock {
  /** An arrival this far off the sample clock means the stream paused or restarted. */
  static final long REANCHOR_US = 200_000;
  /** Fraction of the offset error taken per chunk: about a one-second time constant at 10 ms. */
  private static final double SMOOTHING = 0.01;
  /** Drift is only reported after this much audio, so start-up jitter does not dominate it. */
  private static final long MIN_DRIFT_WINDOW_US = 2_000_000;

  private boolean anchored;
  private long anchorUs;
  private long samples;
  private int sampleRate;
  private double offsetUs;
  private double driftPpm;
  private long reanchors;

  /**
   * The capture time of a chunk of {@code chunkSamples} samples at {@code rate} Hz that arrived
   * at {@code arrivalUs}.
   */
  long timestamp(long arrivalUs, int chunkSamples, int rate) {
    if (!anchored || rate != sampleRate) {
      anchor(arrivalUs, rate);
    }
    long sampleTimeUs = anchorUs + samples * 1_000_000L / sampleRate;
    double error = arrivalUs - sampleTimeUs;
    if (Math.abs(error - offsetUs) > REANCHOR_US) {
      anchor(arrivalUs, rate);
      reanchors++;
      sampleTimeUs = arrivalUs;
      error = 0;
    }
    offsetUs += SMOOTHING * (error - offsetUs);
    long elapsedSamplesUs = samples * 1_000_000L / sampleRate;
    if (elapsedSamplesUs >= MIN_DRIFT_WINDOW_US) {
      driftPpm = (arrivalUs - anchorUs - elapsedSamplesUs) * 1e6 / elapsedSamplesUs;
    }
    samples += chunkSamples;
    return sampleTimeUs + Math.round(offsetUs);
  }

  /** Starts again at the next chunk, e.g. after a mute or a new track. */
  void reset() {
    anchored = false;
  }

  private void anchor(long arrivalUs, int rate) {
    anchored = true;
    anchorUs = arrivalUs;
    samples = 0;
    sampleRate = rate;
    offsetUs = 0;
  }

  /**
   * How much slower (positive) or faster the audio arrives than its sample count says, in parts
   * per million, measured since the last anchor; 0 until two seconds of audio have arrived.
   */
  double driftPpm() {
    return driftPpm;
  }

  /** The current correction applied on top of the sample clock, in microseconds. */
  long offsetUs() {
    return Math.round(offsetUs);
  }

  /** Times the clock was re-anchored because arrivals jumped. */
  long reanchors() {
    return reanchors;
  }
}
