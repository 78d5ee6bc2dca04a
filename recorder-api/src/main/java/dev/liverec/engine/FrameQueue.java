package dev.liverec.engine;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The bounded hand-over between a source's threads and the session thread, in one of two modes:
 *
 * <ul>
 *   <li><b>drop-oldest</b> (live sources): offers never block; when {@code videoCapacity} video
 *       frames are waiting, the oldest waiting video frame is dropped ({@link
 *       DropReason#QUEUE_FULL}) and closed, so its buffer goes back to the pool. The live edge
 *       wins over completeness.
 *   <li><b>hold-source</b> (files, generators, offline pipelines): an offer into a full queue waits
 *       until the session thread has taken a frame, so the source runs at the encoder's pace and
 *       nothing is dropped. The wait ends at the latest when the queue closes.
 * </ul>
 *
 * <p>Audio is small and is not dropped for video; it has its own, much larger hard bound
 * ({@code audioCapacity}) so memory stays bounded even if the encoder stops. Arrival order of
 * frames and events is kept. Every frame the queue throws away is reported to the {@link Metrics}
 * with its reason.
 */
public final class FrameQueue {
  /** Returned by {@link #poll} once the queue is closed and empty. */
  public static final Object END = new Object() {
    @Override
    public String toString() {
      return "END";
    }
  };

  private final int videoCapacity;
  private final int audioCapacity;
  private final boolean holdSource;
  private final Metrics drops;
  private final ArrayDeque<Object> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private int videoCount;
  private int audioCount;
  private boolean closed;

  /**
   * @param holdSource true to hold the source back when full, false to drop the oldest frame
   * @param drops told of every frame thrown away, with its reason
   */
  public FrameQueue(int videoCapacity, int audioCapacity, boolean holdSource, Metrics drops) {
    if (videoCapacity < 1 || audioCapacity < 1) {
      throw new IllegalArgumentException("capacities must be positive");
    }
    this.videoCapacity = videoCapacity;
    this.audioCapacity = audioCapacity;
    this.holdSource = holdSource;
    this.drops = drops;
    this.items = new ArrayDeque<>(videoCapacity + 64);
  }

  /** Whether a full queue holds the source back instead of dropping. */
  public boolean holdsSource() {
    return holdSource;
  }

  /**
   * Queues a video frame, taking ownership of it. In hold-source mode this waits while the queue
   * is full.
   *
   * @return true if {@code frame} was queued; false if it was dropped because the queue is closed
   *     (or the waiting thread was interrupted)
   */
  public boolean offerVideo(VideoFrame frame) {
    return offer(frame, TrackKind.VIDEO);
  }

  /** Queues an audio frame; see {@link #offerVideo}. */
  public boolean offerAudio(AudioFrame frame) {
    return offer(frame, TrackKind.AUDIO);
  }

  private boolean offer(AutoCloseable frame, TrackKind kind) {
    AutoCloseable dropped = null;
    boolean queued = false;
    lock.lock();
    try {
      if (holdSource) {
        awaitRoom(kind);
      }
      if (!closed) {
        if (full(kind)) {
          dropped = removeOldest(kind);
          adjust(kind, -1);
        }
        items.addLast(frame);
        adjust(kind, 1);
        queued = true;
        notEmpty.signal();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    if (dropped != null) {
      drops.frameDropped(kind, DropReason.QUEUE_FULL);
      closeFrame(dropped);
    }
    if (!queued) {
      drops.frameDropped(kind, DropReason.AFTER_CLOSE);
      closeFrame(frame);
    }
    return queued;
  }

  /** Waits, holding the lock, until there is room or the queue closed. */
  private void awaitRoom(TrackKind kind) throws InterruptedException {
    while (!closed && full(kind)) {
      notFull.await();
    }
  }

  private boolean full(TrackKind kind) {
    return kind == TrackKind.VIDEO ? videoCount >= videoCapacity : audioCount >= audioCapacity;
  }

  private void adjust(TrackKind kind, int delta) {
    if (kind == TrackKind.VIDEO) {
      videoCount += delta;
    } else {
      audioCount += delta;
    }
  }

  private static void closeFrame(Object frame) {
    if (frame instanceof VideoFrame video) {
      video.close();
    } else if (frame instanceof AudioFrame audio) {
      audio.close();
    }
  }

  /** Queues an event; events are never dropped while the queue is open. */
  public boolean offerEvent(SourceEvent event) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      items.addLast(event);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private AutoCloseable removeOldest(TrackKind kind) {
    Class<? extends AutoCloseable> type = kind == TrackKind.VIDEO ? VideoFrame.class
        : AudioFrame.class;
    Iterator<Object> it = items.iterator();
    while (it.hasNext()) {
      Object item = it.next();
      if (type.isInstance(item)) {
        it.remove();
        return type.cast(item);
      }
    }
    throw new IllegalStateException("count says a " + type.getSimpleName() + " is queued");
  }

  /**
   * The next item (a {@link VideoFrame}, {@link AudioFrame} or {@link SourceEvent}), {@link #END}
   * once closed and drained, or null if nothing came within the timeout.
   */
  public @Nullable Object poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (items.isEmpty()) {
        if (closed) {
          return END;
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      Object item = items.pollFirst();
      if (item instanceof VideoFrame) {
        videoCount--;
        notFull.signalAll();
      } else if (item instanceof AudioFrame) {
        audioCount--;
        notFull.signalAll();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further offers; what is queued can still be polled, then {@link #END}. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the queue and throws away what is still waiting, closing every frame and reporting it
   * as dropped {@link DropReason#AT_STOP}.
   */
  public void discard() {
    ArrayDeque<Object> pending;
    lock.lock();
    try {
      closed = true;
      pending = new ArrayDeque<>(items);
      items.clear();
      videoCount = 0;
      audioCount = 0;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    for (Object item : pending) {
      if (item instanceof VideoFrame) {
        drops.frameDropped(TrackKind.VIDEO, DropReason.AT_STOP);
      } else if (item instanceof AudioFrame) {
        drops.frameDropped(TrackKind.AUDIO, DropReason.AT_STOP);
      }
      closeFrame(item);
    }
  }

  /** Whether a video frame is waiting now. */
  public boolean hasVideo() {
    lock.lock();
    try {
      return videoCount > 0;
    } finally {
      lock.unlock();
    }
  }

  /** Frames waiting now. */
  public int size() {
    lock.lock();
    try {
      return videoCount + audioCount;
    } finally {
      lock.unlock();
    }
  }
}
