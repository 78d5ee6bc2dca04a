package dev.liverec.livekit;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LiveKitFrameSource} reconnects after the signalling WebSocket or the media connection
 * drops while recording: up to {@link #maxAttempts()} attempts, waiting {@link #initialBackoff()}
 * before the first and doubling the wait up to {@link #maxBackoff()}. Immutable.
 */
public final class ReconnectPolicy {
  private static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(10, Duration.ofMillis(250), Duration.ofSeconds(10));
  private static final ReconnectPolicy NEVER =
      new ReconnectPolicy(0, Duration.ofMillis(250), Duration.ofMillis(250));

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private ReconnectPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** Ten attempts, 250 ms before the first, doubling up to 10 s: about a minute in all. */
  public static ReconnectPolicy defaults() {
    return DEFAULT;
  }

  /** No reconnects: a dropped connection fails the recording at once. */
  public static ReconnectPolicy never() {
    return NEVER;
  }

  /**
   * Exponential backoff.
   *
   * @param maxAttempts attempts after one drop before the recording fails, 0..1000
   * @param initialBackoff wait before the first attempt, at least 10 ms
   * @param maxBackoff longest wait between attempts, at least {@code initialBackoff}
   */
  public static ReconnectPolicy exponential(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 0 || maxAttempts > 1000) {
      throw new IllegalArgumentException("maxAttempts must be within 0..1000, got " + maxAttempts);
    }
    if (initialBackoff.toMillis() < 10) {
      throw new IllegalArgumentException("initial backoff must be at least 10 ms");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("max backoff must not be shorter than initial backoff");
    }
    return new ReconnectPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The wait before attempt {@code attempt} (1-based). */
  public Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis();
    for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  @Override
  public String toString() {
    return "ReconnectPolicy[" + maxAttempts + " attempts, backoff " + initialBackoff.toMillis()
        + ".." + maxBackoff.toMillis() + " ms]";
  }
}
