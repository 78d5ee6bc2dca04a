package dev.liverec.livekit;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a LiveKit source's state lives on. Signalling, WebRTC and timer callbacks post
 * to it; nothing on it blocks on the network or on negotiation (those complete futures that post
 * back). A task that throws is not logged and forgotten: it goes to the failure handler, which
 * ends the recording FAILED with the reason. After {@link #close} tasks are dropped.
 */
final class ControlThread implements Executor {
  private static final Logger log = LoggerFactory.getLogger(ControlThread.class);

  private final String name;
  private final Consumer<RuntimeException> onFailure;
  private final ScheduledExecutorService executor;
  private volatile boolean closed;
  private volatile Thread thread = Thread.currentThread();

  ControlThread(String name, Consumer<RuntimeException> onFailure) {
    this.name = name;
    this.onFailure = onFailure;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** Runs {@code task} on the control thread; a failure ends the source through the handler. */
  @Override
  public void execute(Runnable task) {
    if (closed) {
      return;
    }
    try {
      executor.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
      log.trace("{}: closing, task dropped", name);
    }
  }

  private void guarded(Runnable task) {
    if (closed) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("{}: control task failed", name, e);
      onFailure.accept(e);
    }
  }

  ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    return executor.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  ScheduledFuture<?> every(Duration period, Runnable task) {
    return executor.scheduleAtFixedRate(() -> guarded(task), period.toMillis(),
        period.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isCurrent() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code last} on the thread, then stops it; waits at most {@code timeout} in all. */
  void close(Runnable last, Duration timeout) {
    if (closed) {
      return;
    }
    if (isCurrent()) {
      closed = true;
      last.run();
      executor.shutdownNow();
      return;
    }
    try {
      executor.submit(() -> {
        try {
          last.run();
        } catch (RuntimeException e) {
          log.warn("{}: teardown failed: {}", name, e.toString());
        }
      }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      log.warn("{}: teardown did not finish within {} ms: {}", name, timeout.toMillis(),
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        log.warn("{}: control thread did not stop within 2 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
