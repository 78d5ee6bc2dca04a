package dev.liverec.loopback;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a room's state lives on. Jetty's and WebRTC's threads post to it; tests and the
 * server's controls call into it and wait at most 10 s. A task that throws is logged and the room
 * goes on; after {@link #shutdown()} new tasks are dropped.
 */
final class RoomThread implements Executor {
  private static final Logger log = LoggerFactory.getLogger(RoomThread.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final String room;
  private final ScheduledExecutorService executor;
  private volatile boolean shutdown;

  RoomThread(String room) {
    this.room = room;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "loopback-room-" + room);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code task} on the room's thread later; dropped once the room is closing. */
  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("loopback: room {} task failed", room, e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.trace("loopback: room {} closing, task dropped", room);
    }
  }

  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return executor.schedule(() -> execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the room's thread every {@code period}, at a fixed rate. */
  ScheduledFuture<?> every(Duration period, Runnable task) {
    return executor.scheduleAtFixedRate(() -> execute(task), period.toNanos(), period.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on the room's thread and returns its result. */
  <T> T call(Callable<T> task) {
    Future<T> f = executor.submit(task);
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("loopback room task failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("loopback room task took longer than "
          + CALL_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  void run(Runnable task) {
    call(() -> {
      task.run();
      return null;
    });
  }

  /** Stops taking tasks and waits up to 5 s for the running one. */
  void shutdown() {
    shutdown = true;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("loopback: room {} thread did not stop within 5 s", room);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
