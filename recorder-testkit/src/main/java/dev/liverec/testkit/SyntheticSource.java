package dev.liverec.testkit;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic live stream: the {@link TestPattern} at any size and frame rate, and the
 * {@link ToneGenerator}'s tone in 10 ms audio frames, both with sync markers every whole second.
 * Runs on its own thread, paced by a {@link SourceClock}; capture times start at an arbitrary
 * base, as a real source's clock would. With a duration it ends the stream by itself.
 *
 * <pre>{@code
 * FrameSource source = SyntheticSource.builder().size(1920, 1080).frameRate(30)
 *     .duration(Duration.ofSeconds(30)).clock(SourceClock.VIRTUAL).build();
 * }</pre>
 */
public final class SyntheticSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(SyntheticSource.class);
  private static final long AUDIO_FRAME_US = 10_000;
  private static final int FRAMES_IN_FLIGHT = 4;

  private final int width;
  private final int height;
  private final int frameRate;
  private final boolean audio;
  private final int sampleRate;
  private final int channels;
  private final @Nullable Duration duration;
  private final SourceClock clock;
  private final long baseCaptureUs;
  private final Semaphore inFlight = new Semaphore(FRAMES_IN_FLIGHT);
  private final Runnable release = inFlight::release;
  private volatile boolean running;
  private @Nullable Thread thread;

  private SyntheticSource(Builder b) {
    this.width = b.width;
    this.height = b.height;
    this.frameRate = b.frameRate;
    this.audio = b.audio;
    this.sampleRate = b.sampleRate;
    this.channels = b.channels;
    this.duration = b.duration;
    this.clock = b.clock;
    this.baseCaptureUs = b.baseCaptureUs;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized void start(FrameSink sink) {
    if (thread != null) {
      throw new IllegalStateException("source already started");
    }
    running = true;
    Thread t = new Thread(() -> run(sink), "liverec-synthetic");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  private void run(FrameSink sink) {
    long frameIntervalUs = 1_000_000L / frameRate;
    long endUs = duration == null ? Long.MAX_VALUE : duration.toNanos() / 1000;
    long startNanos = System.nanoTime();
    long frameNumber = 0;
    long nextVideoUs = 0;
    long nextAudioUs = audio ? 0 : Long.MAX_VALUE;
    long nextFlashUs = 0;
    int audioSamples = (int) (sampleRate * AUDIO_FRAME_US / 1_000_000);
    try {
      while (running) {
        long t = Math.min(nextVideoUs, nextAudioUs);
        if (t >= endUs) {
          sink.onEvent(SourceEvent.endOfStream("synthetic stream reached " + duration));
          return;
        }
        if (clock == SourceClock.REAL) {
          waitUntil(startNanos + t * 1000);
        }
        if (nextVideoUs <= nextAudioUs) {
          boolean flash = nextVideoUs >= nextFlashUs;
          if (flash) {
            nextFlashUs = (nextVideoUs / 1_000_000 + 1) * 1_000_000;
          }
          Runnable onClose = null;
          if (clock == SourceClock.VIRTUAL) {
            while (running && !inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
              // wait for the recorder to take a frame
            }
            onClose = release;
          }
          VideoFrame frame = sink.pool()
              .acquireVideo(PixelFormat.I420, width, height, baseCaptureUs + nextVideoUs, onClose);
          TestPattern.paint(frame, frameNumber, flash);
          sink.onVideo(frame);
          frameNumber++;
          nextVideoUs = frameNumber * 1_000_000L / frameRate;
        } else {
          AudioFrame frame =
              sink.pool().acquireAudio(sampleRate, channels, audioSamples, baseCaptureUs + nextAudioUs);
          ToneGenerator.fill(frame, nextAudioUs);
          sink.onAudio(frame);
          nextAudioUs += AUDIO_FRAME_US;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("synthetic source failed", e);
      sink.onEvent(SourceEvent.failed("synthetic source failed: " + e, e));
    }
  }

  private void waitUntil(long deadlineNanos) {
    long now;
    while (running && (now = System.nanoTime()) < deadlineNanos) {
      LockSupport.parkNanos(deadlineNanos - now);
    }
  }

  @Override
  public boolean hasAudio() {
    return audio;
  }

  @Override
  public String describe() {
    return "synthetic " + width + "x" + height + "@" + frameRate
        + (audio ? " + " + sampleRate + " Hz x" + channels : ", no audio")
        + (duration == null ? "" : ", " + duration.toMillis() + " ms") + ", " + clock + " clock";
  }

  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link SyntheticSource}. Defaults: 640x360 at 30 fps, 48 kHz stereo, endless, REAL. */
  public static final class Builder {
    private int width = 640;
    private int height = 360;
    private int frameRate = 30;
    private boolean audio = true;
    private int sampleRate = 48_000;
    private int channels = 2;
    private @Nullable Duration duration;
    private SourceClock clock = SourceClock.REAL;
    private long baseCaptureUs = 1_000_000_000L;

    private Builder() {}

    public Builder size(int width, int height) {
      VideoFrame.checkGeometry(PixelFormat.I420, width, height);
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder frameRate(int frameRate) {
      if (frameRate < 1 || frameRate > 240) {
        throw new IllegalArgumentException("frame rate must be within 1..240");
      }
      this.frameRate = frameRate;
      return this;
    }

    public Builder audio(int sampleRate, int channels) {
      AudioFrame.checkFormat(sampleRate, channels, sampleRate / 100);
      this.audio = true;
      this.sampleRate = sampleRate;
      this.channels = channels;
      return this;
    }

    public Builder noAudio() {
      this.audio = false;
      return this;
    }

    /** Media time after which the source sends end-of-stream; default endless. */
    public Builder duration(Duration duration) {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive");
      }
      this.duration = duration;
      return this;
    }

    public Builder clock(SourceClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Capture time of the first frame in microseconds; any value, as a real clock would give. */
    public Builder baseCaptureTimeUs(long baseCaptureUs) {
      this.baseCaptureUs = baseCaptureUs;
      return this;
    }

    public SyntheticSource build() {
      return new SyntheticSource(this);
    }
  }
}
