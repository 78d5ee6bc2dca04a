package dev.liverec.engine;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.SourceEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The bounded hand-over between a source's threads and the session thread. Offers never block:
 * when {@code videoCapacity} video frames are waiting, the oldest waiting video frame is dropped
 * (closed, so its buffer goes back to the pool). Audio is small and is not dropped for video; it
 * has its own, much larger hard bound ({@code audioCapacity}) so memory stays bounded even if the
 * encoder stops. Arrival order of frames and events is kept.
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
  private final ArrayDeque<Object> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private int videoCount;
  private int audioCount;
  private boolean closed;

  public FrameQueue(int videoCapacity, int audioCapacity) {
    if (videoCapacity < 1 || audioCapacity < 1) {
      throw new IllegalArgumentException("capacities must be positive");
    }
    this.videoCapacity = videoCapacity;
    this.audioCapacity = audioCapacity;
    this.items = new ArrayDeque<>(videoCapacity + 64);
  }

  /**
   * Queues a video frame, taking ownership of it.
   *
   * @return how many video frames were dropped to make room (0 or 1), or -1 when the queue is
   *     closed and {@code frame} itself was dropped
   */
  public int offerVideo(VideoFrame frame) {
    return offer(frame, true);
  }

  /** Queues an audio frame; see {@link #offerVideo} for the return value. */
  public int offerAudio(AudioFrame frame) {
    return offer(frame, false);
  }

  private int offer(AutoCloseable frame, boolean video) {
    AutoCloseable dropped = null;
    lock.lock();
    try {
      if (closed) {
        dropped = frame;
      } else {
        if (video ? videoCount == videoCapacity : audioCount == audioCapacity) {
          dropped = video ? removeOldest(VideoFrame.class) : removeOldest(AudioFrame.class);
          adjust(video, -1);
        }
        items.addLast(frame);
        adjust(video, 1);
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
    if (dropped == null) {
      return 0;
    }
    closeFrame(dropped);
    return dropped == frame ? -1 : 1;
  }

  private void adjust(boolean video, int delta) {
    if (video) {
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

  private <T> T removeOldest(Class<T> type) {
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
      } else if (item instanceof AudioFrame) {
        audioCount--;
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
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the queue and throws away what is still waiting, closing every frame.
   *
   * @return the number of video frames thrown away
   */
  public int discard() {
    ArrayDeque<Object> pending;
    lock.lock();
    try {
      closed = true;
      pending = new ArrayDeque<>(items);
      items.clear();
      videoCount = 0;
      audioCount = 0;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    int video = 0;
    for (Object item : pending) {
      if (item instanceof VideoFrame) {
        video++;
      }
      closeFrame(item);
    }
    return video;
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
