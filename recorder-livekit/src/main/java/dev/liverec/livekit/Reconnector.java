package dev.liverec.livekit;

import dev.liverec.livekit.LiveKitConnectException.Reason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a lost connection back within the {@link ReconnectPolicy}'s budget: a resume of the same
 * session first (new signalling, the same media connection, which the server restarts ICE on), a
 * rejoin (new session, new media connection) once a resume failed or was impossible, each after
 * the policy's backoff. When the budget is spent it reports the last failure: the recording then
 * ends FAILED with {@link Reason#CONNECTION_LOST}, never waits forever. Control thread only.
 */
final class Reconnector {
  private static final Logger log = LoggerFactory.getLogger(Reconnector.class);

  /**
   * One attempt, a resume or a rejoin; completes once the server answered, with whether the
   * session was resumed (a server that forgot it answers a resume with a fresh join), and fails
   * otherwise.
   */
  interface Attempt {
    CompletableFuture<Boolean> run(boolean resume, int number);
  }

  private final String name;
  private final ReconnectPolicy policy;
  private final ControlThread control;
  private final ConnectionCounters counters;
  private final Attempt attempt;
  private final Consumer<LiveKitConnectException> gaveUp;
  private boolean active;
  private boolean resumeNext;
  private int number;
  private @Nullable Throwable lastError;

  Reconnector(String name, ReconnectPolicy policy, ControlThread control,
      ConnectionCounters counters, Attempt attempt, Consumer<LiveKitConnectException> gaveUp) {
    this.name = name;
    this.policy = policy;
    this.control = control;
    this.counters = counters;
    this.attempt = attempt;
    this.gaveUp = gaveUp;
  }

  boolean active() {
    return active;
  }

  /**
   * The connection is lost; starts getting it back unless already doing so.
   *
   * @param canResume whether our session may still be known to the server (resume first)
   */
  void lost(String why, boolean canResume) {
    if (active) {
      resumeNext &= canResume;
      return;
    }
    active = true;
    resumeNext = canResume;
    number = 0;
    lastError = null;
    counters.disconnected();
    log.warn("{}: connection lost: {}; {}", name, why, canResume ? "resuming" : "rejoining");
    next();
  }

  private void next() {
    number++;
    if (number > policy.maxAttempts()) {
      active = false;
      Throwable last = lastError;
      String reason = "lost the LiveKit connection and could not get it back in "
          + policy.maxAttempts() + " attempts" + (last != null ? ": " + last.getMessage() : "");
      log.error("{}: {}", name, reason);
      gaveUp.accept(new LiveKitConnectException(Reason.CONNECTION_LOST, reason, last));
      return;
    }
    int n = number;
    boolean resume = resumeNext;
    control.schedule(policy.backoff(n), () -> {
      counters.attempt();
      log.info("{}: reconnect attempt {} ({})", name, n, resume ? "resume" : "rejoin");
      attempt.run(resume, n).whenCompleteAsync(
          (resumed, error) -> finished(resumed != null && resumed, error), control);
    });
  }

  private void finished(boolean resumed, @Nullable Throwable error) {
    if (!active) {
      return;
    }
    if (error == null) {
      active = false;
      counters.reconnected(resumed);
      log.info("{}: {}", name, resumed ? "resumed the LiveKit session" : "rejoined the room");
      return;
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    lastError = cause;
    log.warn("{}: reconnect attempt {} failed: {}", name, number, cause.getMessage());
    resumeNext = false;
    next();
  }
}
