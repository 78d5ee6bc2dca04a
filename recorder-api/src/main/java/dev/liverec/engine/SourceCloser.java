package dev.liverec.engine;

import dev.liverec.spi.FrameSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a session's source exactly once, from whichever ending path gets there first, and never
 * lets a source whose {@code close()} hangs hold that path longer than its budget: the close runs
 * on one of the recorder's daemon threads and callers wait for it only up to their deadline.
 */
public final class SourceCloser {
  private static final Logger log = LoggerFactory.getLogger(SourceCloser.class);

  private final FrameSource source;
  private final String name;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private final Executor closers;

  /** @param closers runs the close; its threads must not be ones a caller waits on */
  public SourceCloser(FrameSource source, String name, Executor closers) {
    this.source = source;
    this.name = name;
    this.closers = closers;
  }

  /**
   * Closes the source (once) and waits up to {@code budget} for it.
   *
   * @return true if the source is closed; false if its close is still running
   */
  public boolean close(Duration budget) {
    if (started.compareAndSet(false, true)) {
      try {
        closers.execute(this::closeNow);
      } catch (RejectedExecutionException e) {
        // The recorder is shutting down its threads: close here rather than leak the source.
        closeNow();
      }
    }
    try {
      closed.get(Math.max(0, budget.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      log.warn("[{}] the source did not close within {} ms ({}); going on without it", name,
          budget.toMillis(), source.describe());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  private void closeNow() {
    try {
      source.close();
    } catch (RuntimeException e) {
      log.warn("[{}] closing the source failed: {}", name, e.toString());
    } finally {
      closed.complete(null);
    }
  }
}
