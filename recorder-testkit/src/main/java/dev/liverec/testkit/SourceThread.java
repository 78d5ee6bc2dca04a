package dev.liverec.testkit;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The thread a synthetic source plays on: started once, paced on the wall clock, and stopped by
 * the source's {@code close()}, which interrupts it and waits up to two seconds for it to end.
 * Sources built on it (the scenario source, the benchmarks' ring source) share one stop protocol.
 */
public final class SourceThread {
  private static final long JOIN_MILLIS = 2_000;

  private final String name;
  private volatile boolean running;
  private @Nullable Thread thread;

  /** @param name the thread's name, as it shows in thread dumps */
  public SourceThread(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Runs {@code body} on a new daemon thread.
   *
   * @throws IllegalStateException when this thread was started before
   */
  public synchronized void start(Runnable body) {
    if (thread != null) {
      throw new IllegalStateException("source already started");
    }
    running = true;
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** False once {@link #stop()} was called: the body should return. */
  public boolean running() {
    return running;
  }

  /** Parks until {@code deadlineNanos} ({@link System#nanoTime()}) or until stopped. */
  public void waitUntil(long deadlineNanos) {
    long now;
    while (running && (now = System.nanoTime()) < deadlineNanos) {
      LockSupport.parkNanos(deadlineNanos - now);
    }
  }

  /**
   * Tells the body to return, interrupts it and waits for it (at most two seconds); from the
   * thread itself, only tells it. Does nothing harmful if the thread never started.
   */
  public void stop() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
