package dev.liverec.app.server;

import dev.liverec.LiverecException;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One recording attempt of one mint_id, owned by the registry from the moment it is admitted
 * until it is finished. Its start runs once, on the thread that admitted it; its stop runs once,
 * on the first thread that asks, after the start has finished; every other caller waits for the
 * same outcome. So a session is never stopped before it started, never started twice and never
 * left running without an owner, whatever the interleaving of API calls.
 */
final class Recording {
  private final MintId id;
  private final RecordingSession session;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<RecordingResult> stopped = new CompletableFuture<>();
  private final AtomicBoolean stopClaimed = new AtomicBoolean();
  private final SessionCheck check;
  private final double cost;

  Recording(MintId id, RecordingSession session, double cost) {
    this.id = id;
    this.session = session;
    this.cost = cost;
    this.check = new SessionCheck(session.config().frameRate());
  }

  MintId id() {
    return id;
  }

  RecordingSession session() {
    return session;
  }

  /** CPU cores this recording is expected to use (the admission model's estimate). */
  double cost() {
    return cost;
  }

  SessionCheck check() {
    return check;
  }

  /** True once a stop has been claimed: the recording is on its way out. */
  boolean stopping() {
    return stopClaimed.get();
  }

  /** True when the session ended by itself (end of stream, failure) and nobody stops it yet. */
  boolean endedByItself() {
    return started.isDone() && !stopClaimed.get() && session.state().isFinal();
  }

  /**
   * Starts the session and waits (at most {@code confirm}) until its file holds data or it failed.
   * Called once, by the thread that admitted the recording.
   *
   * @throws ApiException 500 when the session cannot start or fails before writing
   */
  void start(Duration confirm) {
    try {
      session.start();
      awaitFirstBytes(confirm);
    } catch (LiverecException e) {
      throw ApiException.internal("could not start recording " + id + ": "
          + reasonOr(e.getMessage()));
    } finally {
      started.complete(null);
    }
  }

  private void awaitFirstBytes(Duration confirm) {
    Path output = session.config().output();
    long deadline = System.nanoTime() + confirm.toNanos();
    while (System.nanoTime() < deadline) {
      RecordingState state = session.state();
      if (state == RecordingState.FAILED) {
        throw ApiException.internal("recording " + id + " failed before writing: "
            + reasonOr("unknown reason"));
      }
      if (state.isFinal() || sizeOf(output) > 0) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String reasonOr(@Nullable String fallback) {
    String reason = session.status().failureReason();
    return reason != null ? reason : String.valueOf(fallback);
  }

  /**
   * Stops the session once, after its start has finished; later and concurrent callers get the
   * same result. Returns within the start confirmation plus the session's stop timeout.
   *
   * @param onStopped runs once, on the stopping thread, after the session is closed
   * @throws ApiException 500 when the session did not finish in time
   */
  RecordingResult stop(Duration wait, Runnable onStopped) {
    if (stopClaimed.compareAndSet(false, true)) {
      try {
        await(started, wait);
        RecordingResult result = session.stop();
        stopped.complete(result);
      } catch (RuntimeException e) {
        stopped.completeExceptionally(e);
      } finally {
        session.close();
        onStopped.run();
      }
    }
    try {
      return stopped.get(wait.toMillis() + session.config().stopTimeout().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while stopping " + id);
    } catch (TimeoutException e) {
      throw ApiException.internal("stopping " + id + " is taking too long; ask again");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw ApiException.internal("stopping " + id + " failed: " + cause.getMessage());
    }
  }

  private static void await(CompletableFuture<?> future, Duration wait) {
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // stop anyway: RecordingSession.stop copes with any state after start was called
    }
  }

  RecordingStatus status() {
    return session.status();
  }

  static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
