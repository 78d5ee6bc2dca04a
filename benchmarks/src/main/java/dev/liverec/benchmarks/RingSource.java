package dev.liverec.benchmarks;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import dev.liverec.testkit.SourceThread;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameSource} that hands over {@link TexturedFrames} zero-copy with
 * {@link VideoFrame#wrap}, the way an application holding its own direct buffers would. Video
 * only ({@link #hasAudio()} is false), so every figure is about the video path.
 *
 * <p>Three ways to drive it:
 * <ul>
 *   <li>{@link Pace#MANUAL}: the caller (a JMH benchmark) calls {@link #push} itself;
 *   <li>{@link Pace#REAL_TIME}: its own thread pushes at the frame rate on the wall clock, forever;
 *       this is a live stream (capacity);
 *   <li>{@link Pace#VIRTUAL}: its own thread pushes {@code frames} frames as fast as the session
 *       takes them (at most {@code inFlight} not yet closed), then ends the stream.
 * </ul>
 * Capture times advance by exactly one frame interval per frame in every mode.
 */
public final class RingSource implements FrameSource {
  /** How frames are pushed. */
  public enum Pace { MANUAL, REAL_TIME, VIRTUAL }

  private final TexturedFrames frames;
  private final PixelFormat format;
  private final ByteBuffer[][] buffers;
  private final int[] strides;
  private final long intervalUs;
  private final Pace pace;
  private final long totalFrames;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Runnable release;
  private final SourceThread thread;
  private volatile @Nullable FrameSink sink;
  private long next;

  public RingSource(TexturedFrames frames, PixelFormat format, int frameRate, Pace pace,
      long totalFrames, int inFlight) {
    this.frames = frames;
    this.format = format;
    this.buffers = new ByteBuffer[TexturedFrames.RING][];
    for (int f = 0; f < TexturedFrames.RING; f++) {
      buffers[f] = frames.buffers(f, format);
    }
    this.strides = frames.strides(format);
    this.intervalUs = 1_000_000L / frameRate;
    this.pace = pace;
    this.totalFrames = totalFrames;
    this.inFlight = new Semaphore(inFlight);
    this.maxInFlight = inFlight;
    this.release = this.inFlight::release;
    this.thread = new SourceThread("ring-source-" + pace);
  }

  /** A source the caller pushes into, with at most {@code inFlight} frames not yet closed. */
  public static RingSource manual(TexturedFrames frames, PixelFormat format, int inFlight) {
    return new RingSource(frames, format, 30, Pace.MANUAL, Long.MAX_VALUE, inFlight);
  }

  @Override
  public void start(FrameSink sink) {
    this.sink = sink;
    if (pace != Pace.MANUAL) {
      thread.start(this::play);
    }
  }

  private void play() {
    long start = System.nanoTime();
    try {
      for (long n = 0; n < totalFrames && thread.running(); n++) {
        if (pace == Pace.REAL_TIME) {
          thread.waitUntil(start + n * intervalUs * 1000);
          pushFree();
        } else {
          while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!thread.running()) {
              return;
            }
          }
          push(release);
        }
      }
      FrameSink s = sink;
      if (thread.running() && s != null) {
        s.onEvent(SourceEvent.endOfStream("ring source played " + totalFrames + " frames"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until fewer than {@code inFlight} pushed frames are open, then hands the next frame
   * over. Returns as soon as the sink has it.
   */
  public void pushWhenFree() throws InterruptedException {
    inFlight.acquire();
    push(release);
  }

  /** Pushes the next frame and waits until the session has closed it (encoded and muxed). */
  public void pushAndAwait() throws InterruptedException {
    inFlight.acquire();
    push(release);
    inFlight.acquire();
    inFlight.release();
  }

  /** Waits until every frame pushed with a close callback has been closed by the session. */
  public void awaitAllClosed() throws InterruptedException {
    inFlight.acquire(maxInFlight);
    inFlight.release(maxInFlight);
  }

  private void pushFree() {
    push(null);
  }

  private void push(@Nullable Runnable onClose) {
    FrameSink s = sink;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    long n = next++;
    int f = TexturedFrames.index(n);
    s.onVideo(VideoFrame.wrap(format, frames.width(), frames.height(), buffers[f], strides,
        n * intervalUs, onClose));
  }

  /** Frames pushed so far. */
  public long pushed() {
    return next;
  }

  @Override
  public boolean hasAudio() {
    return false;
  }

  @Override
  public String describe() {
    return "ring of " + TexturedFrames.RING + " textured " + frames.width() + "x" + frames.height()
        + " " + format + " frames, " + pace;
  }

  @Override
  public void close() {
    thread.stop();
  }
}
