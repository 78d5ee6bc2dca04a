package dev.liverec.livekit;

import dev.liverec.frame.AudioFrame;
import dev.liverec.spi.FrameSink;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns WebRTC's decoded PCM into {@link AudioFrame}s with capture times from an {@link
 * AudioClock}. Runs on the audio device's 10 ms thread, so it only copies and hands over. While
 * paused (the track is muted, unpublished or its publisher left) chunks are dropped and the
 * recorder fills silence; on resume the clock re-anchors.
 */
final class AudioForwarder implements AudioTrackSink {
  private static final Logger log = LoggerFactory.getLogger(AudioForwarder.class);

  private final AudioClock clock = new AudioClock();
  private final AtomicLong chunks = new AtomicLong();
  private volatile @Nullable FrameSink sink;
  private volatile boolean live;
  private volatile boolean resetPending;
  private volatile int sampleRate;
  private volatile int channels;
  private volatile double driftPpm;
  private volatile long offsetUs;
  private volatile long delayCompensationUs;
  private boolean warnedFormat;

  void attach(FrameSink sink) {
    this.sink = sink;
  }

  /** Forwards chunks from now on, on a freshly anchored clock. */
  void resume() {
    resetPending = true;
    live = true;
  }

  /** Drops chunks until {@link #resume()}. */
  void pause() {
    live = false;
  }

  /** Stops for good; no chunk is forwarded after this returns... or after the current one. */
  void detach() {
    live = false;
    sink = null;
  }

  @Override
  public void onData(byte[] data, int bitsPerSample, int rate, int channelCount, int frames) {
    FrameSink target = sink;
    if (target == null || !live) {
      return;
    }
    if (bitsPerSample != 16) {
      if (!warnedFormat) {
        warnedFormat = true;
        log.warn("dropping {}-bit audio; only 16-bit PCM is supported", bitsPerSample);
      }
      return;
    }
    try {
      if (resetPending) {
        resetPending = false;
        clock.reset();
      }
      long captureUs = clock.timestamp(System.nanoTime() / 1_000, frames, rate)
          - delayCompensationUs;
      int bytes = frames * channelCount * 2;
      AudioFrame frame = target.pool().acquireAudio(rate, channelCount, frames, captureUs);
      frame.data().put(0, data, 0, Math.min(bytes, data.length));
      sampleRate = rate;
      channels = channelCount;
      driftPpm = clock.driftPpm();
      offsetUs = clock.offsetUs();
      chunks.incrementAndGet();
      target.onAudio(frame);
    } catch (RuntimeException e) {
      if (!warnedFormat) {
        warnedFormat = true;
        log.warn("dropping audio the recorder cannot take ({} Hz x{}, {} samples): {}", rate,
            channelCount, frames, e.getMessage());
      }
    }
  }

  /**
   * How far audio times are moved back (positive) or forward (negative), in microseconds, so that
   * audio stamped when it leaves WebRTC's jitter buffer lines up with video stamped with its
   * render time; see {@link ReceiveStats#audioShiftUs()}.
   */
  void setDelayCompensationUs(long micros) {
    delayCompensationUs = micros;
  }

  long delayCompensationUs() {
    return delayCompensationUs;
  }

  long chunksForwarded() {
    return chunks.get();
  }

  int sampleRate() {
    return sampleRate;
  }

  int channels() {
    return channels;
  }

  /** See {@link AudioClock#driftPpm()}. */
  double driftPpm() {
    return driftPpm;
  }

  /** See {@link AudioClock#offsetUs()}. */
  long clockOffsetUs() {
    return offsetUs;
  }
}
