package dev.liverec.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * A run of interleaved signed 16-bit PCM (native byte order), with its sample rate, channel count
 * and the capture time of its first sample in microseconds.
 *
 * <p>Ownership is the same as for {@link VideoFrame}: close once, or hand to a sink.
 */
public final class AudioFrame implements AutoCloseable {
  public static final int MIN_SAMPLE_RATE = 8_000;
  public static final int MAX_SAMPLE_RATE = 192_000;
  public static final int MAX_CHANNELS = 8;

  private ByteBuffer data;
  private int sampleRate;
  private int channels;
  private int samples;
  private long captureTimeUs;
  private long arrivalNanos;
  private final @Nullable FramePool pool;
  private @Nullable Runnable onClose;
  private boolean silence;
  private boolean open;

  AudioFrame(@Nullable FramePool pool, ByteBuffer data) {
    this.pool = pool;
    this.data = data;
  }

  /**
   * Wraps a caller-owned direct buffer of {@code samples * channels} interleaved s16 values.
   *
   * @throws InvalidFrameException when the format is not recordable or the buffer is too short
   */
  public static AudioFrame wrap(
      ByteBuffer data,
      int sampleRate,
      int channels,
      int samples,
      long captureTimeUs,
      @Nullable Runnable onClose) {
    checkFormat(sampleRate, channels, samples);
    if (!data.isDirect()) {
      throw new InvalidFrameException(
          "audio data must be a direct ByteBuffer (ByteBuffer.allocateDirect) or come from a "
              + "FramePool");
    }
    long needed = (long) samples * channels * 2;
    if (data.remaining() < needed) {
      throw new InvalidFrameException(
          "audio buffer holds " + data.remaining() + " bytes but " + samples + " samples x "
              + channels + " channels of s16 need " + needed);
    }
    AudioFrame frame = new AudioFrame(null, data.order(ByteOrder.nativeOrder()));
    frame.sampleRate = sampleRate;
    frame.channels = channels;
    frame.samples = samples;
    frame.captureTimeUs = captureTimeUs;
    frame.onClose = onClose;
    frame.open = true;
    return frame;
  }

  /** Checks that audio of this format can be recorded. */
  public static void checkFormat(int sampleRate, int channels, int samples) {
    if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
      throw new InvalidFrameException(
          "sample rate " + sampleRate + " Hz is outside " + MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE);
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new InvalidFrameException(
          "channel count " + channels + " is outside 1.." + MAX_CHANNELS);
    }
    if (samples <= 0 || samples > sampleRate) {
      throw new InvalidFrameException(
          "an audio frame must hold 1.." + sampleRate + " samples per channel (at most one "
              + "second), got " + samples);
    }
  }

  void lease(int sampleRate, int channels, int samples, long captureTimeUs, boolean silence) {
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.samples = samples;
    this.captureTimeUs = captureTimeUs;
    this.arrivalNanos = 0;
    this.silence = silence;
    data.clear();
    data.limit(samples * channels * 2);
    this.open = true;
  }

  ByteBuffer buffer() {
    return data;
  }

  void replaceBuffer(ByteBuffer buffer) {
    this.data = buffer;
  }

  /** Interleaved s16 samples in native byte order, positioned at the first sample. */
  public ByteBuffer data() {
    if (!open) {
      throw new IllegalStateException("audio frame used after close()");
    }
    return data;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public int channels() {
    return channels;
  }

  /** Samples per channel. */
  public int samples() {
    return samples;
  }

  /** Duration in microseconds. */
  public long durationUs() {
    return samples * 1_000_000L / sampleRate;
  }

  public long captureTimeUs() {
    return captureTimeUs;
  }

  public void setCaptureTimeUs(long captureTimeUs) {
    this.captureTimeUs = captureTimeUs;
  }

  public long arrivalNanos() {
    return arrivalNanos;
  }

  public void markArrival(long nanos) {
    this.arrivalNanos = nanos;
  }

  /** True for frames the recorder made itself to keep the audio timeline running (mute, gaps). */
  public boolean isSilence() {
    return silence;
  }

  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    Runnable callback = onClose;
    if (callback != null) {
      callback.run();
    }
    if (pool != null) {
      pool.recycle(this);
    }
  }

  @Override
  public String toString() {
    return "AudioFrame[" + sampleRate + "Hz x" + channels + " " + samples + " samples @"
        + captureTimeUs + "us]";
  }
}
