package dev.liverec.engine;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;

/**
 * Keeps the audio track continuous and on the video's timeline. It tracks how much audio has gone
 * to the encoder and, for each real audio frame, decides whether silence must come first (the
 * source paused, the track was muted or appeared late) or the frame overlaps audio already written
 * and must be dropped. While audio is muted or missing, {@link #fillTo} writes silence up to the
 * video's time, so audio and video end together and a mute never shifts the audio that follows.
 *
 * <p>Used by the session thread only.
 */
public final class SilenceFiller {
  /** Where silence and admitted audio go. */
  public interface Output {
    void silence(AudioFrame silence, long ptsUs);
  }

  /** Differences smaller than this are jitter, absorbed without silence or drops. */
  public static final long TOLERANCE_US = 30_000;

  private static final int CHUNK_SAMPLES = 1024;

  private final FramePool pool;
  private final int sampleRate;
  private final int channels;
  private final long maxJumpUs;
  private long positionNanos;
  private long silenceFramesWritten;

  public SilenceFiller(FramePool pool, int sampleRate, int channels, long maxJumpUs) {
    this.pool = pool;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.maxJumpUs = maxJumpUs;
  }

  /** Audio written so far, in microseconds of media time. */
  public long positionUs() {
    return positionNanos / 1_000;
  }

  /**
   * Decides about a real frame that belongs at {@code ptsUs}: writes any silence needed before
   * it and returns true if it should be encoded now, or false if it overlaps what is written.
   * A timestamp further off than the max jump is not trusted: the frame is taken as continuous.
   */
  public boolean admit(long ptsUs, long durationUs, Output out) {
    long position = positionUs();
    long ahead = ptsUs - position;
    if (Math.abs(ahead) > maxJumpUs) {
      return true;
    }
    if (ahead > TOLERANCE_US) {
      fillTo(ptsUs, out);
      return true;
    }
    return -ahead <= TOLERANCE_US || -ahead < durationUs / 2;
  }

  /** Counts a frame that went to the encoder. */
  public void advance(AudioFrame frame) {
    positionNanos += frame.samples() * 1_000_000_000L / frame.sampleRate();
  }

  /** Writes silence from the current position up to {@code ptsUs}. */
  public void fillTo(long ptsUs, Output out) {
    long missingNanos = ptsUs * 1_000 - positionNanos;
    long samples = missingNanos * sampleRate / 1_000_000_000L;
    while (samples > 0) {
      int chunk = (int) Math.min(CHUNK_SAMPLES, samples);
      AudioFrame frame = pool.acquireSilence(sampleRate, channels, chunk, positionUs());
      long pts = positionUs();
      advance(frame);
      silenceFramesWritten++;
      out.silence(frame, pts);
      samples -= chunk;
    }
  }

  public long silenceFramesWritten() {
    return silenceFramesWritten;
  }
}
