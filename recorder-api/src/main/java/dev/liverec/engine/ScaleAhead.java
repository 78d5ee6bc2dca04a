package dev.liverec.engine;

import dev.liverec.RecordingFailedException;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.VideoScaler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale stage on a thread of its own, so that converting a picture (packed RGB to I420, or a
 * resize) overlaps the encoding of the one before instead of adding to it. It takes the session's
 * items from the {@link FrameQueue} in order, scales the pictures once the video track has given
 * it a scaler ({@link #scaleWith}), and hands every item on, in the same order, through a
 * hand-off of {@value #HANDOFF} items that the session thread reads with {@link #poll}. Before
 * the track opens (the output size may come from the first frame) pictures pass unscaled and the
 * track scales them itself; an I420 picture of the output size passes untouched either way. Every
 * picture passes here in order, so this is also where a change of the source's picture size is
 * seen and reported.
 *
 * <p>Ownership: this stage owns the scaler given to it and closes it when its thread ends. A
 * picture it scaled replaces the one it came from, which it closes. {@link #close()} stops the
 * thread (bounded) and frees whatever is still in the hand-off, reporting it as dropped at stop.
 * A failure on the stage thread reaches the session thread as the exception {@link #poll}
 * throws, so the recording ends FAILED with that cause.
 */
final class ScaleAhead implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScaleAhead.class);
  static final int HANDOFF = 2;
  private static final long WAIT_MILLIS = 50;
  private static final long JOIN_MILLIS = 2_000;

  private final FrameQueue queue;
  private final Metrics metrics;
  private final BooleanSupplier discardVideo;
  private final String name;
  private final ArrayBlockingQueue<Object> handoff = new ArrayBlockingQueue<>(HANDOFF);
  /** A scaler handed over by the session thread, not yet taken up by the stage thread. */
  private final AtomicReference<@Nullable VideoScaler> offered = new AtomicReference<>();
  private @Nullable Thread thread;
  /** The scaler in use; the stage thread's own. */
  private @Nullable VideoScaler scaler;
  private int lastWidth;
  private int lastHeight;
  private volatile boolean closed;

  /** The stage thread's failure, handed to the session thread in order. */
  private record Failure(RuntimeException cause) {}

  /**
   * @param discardVideo true once queued video is to be thrown away (a stop under overload): the
   *     stage stops scaling what the session will not encode
   */
  ScaleAhead(FrameQueue queue, String name, Metrics metrics, BooleanSupplier discardVideo) {
    this.queue = queue;
    this.name = name;
    this.metrics = metrics;
    this.discardVideo = discardVideo;
  }

  /** Starts the stage thread. Once. */
  void start() {
    Thread t = new Thread(this::run, "liverec-" + name + "-scale");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * Scale pictures with {@code next} from the next one on; this stage owns it from now on (and
   * closes it at once if the stage has ended). Called by the session thread.
   */
  void scaleWith(VideoScaler next) {
    VideoScaler previous = offered.getAndSet(next);
    if (previous != null) {
      previous.close();
    }
    if (closed && offered.compareAndSet(next, null)) {
      next.close();
    }
  }

  /**
   * The next item in the queue's order (a picture already scaled when a scaler was given), {@link
   * FrameQueue#END} at the end, or null if nothing came within the timeout.
   *
   * @throws RuntimeException the stage thread's failure, typed as it was thrown
   */
  @Nullable Object poll(long timeout, TimeUnit unit) throws InterruptedException {
    Object item = handoff.poll(timeout, unit);
    if (item instanceof Failure failure) {
      throw failure.cause();
    }
    return item;
  }

  /** Whether a picture waits in the hand-off now. */
  boolean hasVideo() {
    for (Object item : handoff) {
      if (item instanceof VideoFrame) {
        return true;
      }
    }
    return false;
  }

  private void run() {
    try {
      while (!closed) {
        Object item = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (item == null) {
          continue;
        }
        Object next;
        try {
          if (item instanceof VideoFrame frame) {
            watchSize(frame);
            next = scale(frame);
          } else {
            next = item;
          }
        } catch (RuntimeException e) {
          hand(new Failure(e));
          return;
        } catch (Error e) {
          // Out of memory in a conversion, say: the session must still end FAILED, not wait.
          hand(new Failure(new RecordingFailedException("the scale stage failed: " + e, e)));
          return;
        }
        if (!hand(next)) {
          dropped(next);
          return;
        }
        if (next == FrameQueue.END) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts a wait; the thread just ends
    } finally {
      closeScalers();
    }
  }

  /** Reports a picture whose size differs from the one before: every picture passes here. */
  private void watchSize(VideoFrame frame) {
    if (frame.width() == lastWidth && frame.height() == lastHeight) {
      return;
    }
    if (lastWidth != 0) {
      log.info("[{}] resolution change {}x{} -> {}x{}", name, lastWidth, lastHeight,
          frame.width(), frame.height());
      metrics.resolutionChanged(frame.width(), frame.height());
    }
    lastWidth = frame.width();
    lastHeight = frame.height();
  }

  private Object scale(VideoFrame frame) {
    VideoScaler taken = offered.getAndSet(null);
    if (taken != null) {
      if (scaler != null) {
        scaler.close();
      }
      scaler = taken;
    }
    VideoScaler s = scaler;
    if (s == null || discardVideo.getAsBoolean()) {
      return frame;
    }
    return Scaling.scale(s, frame, metrics);
  }

  /** Puts {@code item} into the hand-off, waiting while it is full; false once closed. */
  private boolean hand(Object item) throws InterruptedException {
    while (!closed) {
      if (handoff.offer(item, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  private void closeScalers() {
    VideoScaler left = offered.getAndSet(null);
    if (left != null) {
      left.close();
    }
    if (scaler != null) {
      scaler.close();
      scaler = null;
    }
  }

  private void dropped(Object item) {
    if (item instanceof VideoFrame frame) {
      metrics.frameDropped(TrackKind.VIDEO, DropReason.AT_STOP);
      frame.close();
    } else if (item instanceof AudioFrame frame) {
      metrics.frameDropped(TrackKind.AUDIO, DropReason.AT_STOP);
      frame.close();
    }
  }

  /**
   * Stops the stage thread (waiting for it up to {@value #JOIN_MILLIS} ms) and frees what is left
   * in the hand-off. Idempotent; never throws.
   */
  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        log.warn("[{}] the scale stage did not end within {} ms; it frees its scaler when it does",
            name, JOIN_MILLIS);
      }
    } else {
      closeScalers();
    }
    List<Object> left = new ArrayList<>();
    handoff.drainTo(left);
    for (Object item : left) {
      dropped(item);
    }
  }
}
