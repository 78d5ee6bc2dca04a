package dev.liverec.ffmpeg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Bounds every blocking call FFmpeg makes for one {@link FfmpegFrameSource}: connecting,
 * listening for a publisher, probing and reading. FFmpeg polls the context's interrupt callback
 * while it waits; it answers "stop" once the source is closing or the current deadline has
 * passed, so the call returns {@code AVERROR_EXIT} within about 100 ms.
 *
 * <p>One native callback serves every source (JavaCPP has few callback slots); it finds this
 * object by the address of the one-byte token it gave FFmpeg as the callback's opaque pointer.
 * Owns that token. Thread-safe: the source's reader thread arms deadlines, any thread closes.
 */
final class InputInterrupter implements AutoCloseable {
  private static final Map<Long, InputInterrupter> BY_TOKEN = new ConcurrentHashMap<>();
  private static final AVIOInterruptCB.Callback_Pointer CALLBACK =
      new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
          InputInterrupter owner = opaque == null ? null : BY_TOKEN.get(opaque.address());
          return owner == null || owner.shouldStop() ? 1 : 0;
        }
      };

  private final BytePointer token = new BytePointer(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile boolean timedOut;

  InputInterrupter() {
    BY_TOKEN.put(token.address(), this);
  }

  /** Makes {@code context}'s blocking calls answer to this interrupter. */
  void attach(AVFormatContext context) {
    context.interrupt_callback().callback(CALLBACK).opaque(token);
  }

  /** Blocking calls from now on give up after {@code timeoutNanos}. */
  void arm(long timeoutNanos) {
    timedOut = false;
    long now = System.nanoTime();
    deadlineNanos = timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
  }

  /** Whether the last interrupted call was stopped by its deadline (not by {@link #stop}). */
  boolean timedOut() {
    return timedOut;
  }

  /** Interrupts whatever blocks now and everything after. */
  void stop() {
    stopping = true;
    stopped.countDown();
  }

  /** Waits {@code nanos} unless stopped first; false when stopped. */
  boolean sleep(long nanos) {
    try {
      return !stopped.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return false;
    }
  }

  boolean stopping() {
    return stopping;
  }

  private boolean shouldStop() {
    if (stopping) {
      return true;
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      timedOut = true;
      return true;
    }
    return false;
  }

  /** Stops, and frees the token; call only once no FFmpeg context uses it any more. */
  @Override
  public void close() {
    stop();
    if (BY_TOKEN.remove(token.address()) != null) {
      token.close();
    }
  }
}
