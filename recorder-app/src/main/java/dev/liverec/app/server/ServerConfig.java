package dev.liverec.app.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the recording server listens and what it allows. Immutable; checked on construction.
 *
 * @param bind address to listen on; loopback unless a token protects the API
 * @param port TCP port, 0 for any free one
 * @param recordings folder the recordings go to; created if missing
 * @param token bearer token every request must carry, or null for none (loopback only)
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param maxRecordings recordings that may run at once; more get 503
 * @param threads threads that run starts and stops (a stop may wait up to the session's stop
 *     timeout); requests beyond them and a queue of as many again get 503
 * @param coreBudget CPU cores the recordings may use together (the benchmarks' cost model); 0
 *     for 80% of this machine's cores
 * @param minFreeBytes free disk space below which {@code /health} is not ok and starts are refused
 * @param maxConnectionsPerClient open connections one remote address may hold
 * @param headTimeout time a connection gets to send a complete request head
 */
public record ServerConfig(
    InetAddress bind,
    int port,
    Path recordings,
    @Nullable String token,
    int maxBodyBytes,
    int maxRecordings,
    int threads,
    double coreBudget,
    long minFreeBytes,
    int maxConnectionsPerClient,
    java.time.Duration headTimeout) {
  /** Default request body limit: 16 KiB, far above any valid request. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
  /** Default limit on recordings running at once. */
  public static final int DEFAULT_MAX_RECORDINGS = 16;
  /** Default HTTP worker threads. */
  public static final int DEFAULT_THREADS = 8;
  /** Default free-space minimum: 256 MB, about an hour of one 1080p recording. */
  public static final long DEFAULT_MIN_FREE_BYTES = 256L * 1024 * 1024;
  /** Default open connections per client address. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 512;
  /** Default time to send a request head. */
  public static final java.time.Duration DEFAULT_HEAD_TIMEOUT = java.time.Duration.ofSeconds(10);

  /** The defaults for the budget, free space, connections and head timeout. */
  public ServerConfig(InetAddress bind, int port, Path recordings, @Nullable String token,
      int maxBodyBytes, int maxRecordings, int threads) {
    this(bind, port, recordings, token, maxBodyBytes, maxRecordings, threads, 0,
        DEFAULT_MIN_FREE_BYTES, DEFAULT_MAX_CONNECTIONS_PER_CLIENT, DEFAULT_HEAD_TIMEOUT);
  }

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when a value is out of range, or the address is not
   *     loopback and there is no token
   */
  public ServerConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(recordings, "recordings");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be within 0..65535, got " + port);
    }
    if (token != null && (token.isBlank() || token.length() < 16)) {
      throw new IllegalArgumentException("the bearer token must be at least 16 characters");
    }
    if (!bind.isLoopbackAddress() && token == null) {
      throw new IllegalArgumentException("binding " + bind.getHostAddress()
          + " exposes the API beyond this machine; give a bearer token (--token or "
          + "LIVEREC_API_TOKEN) or bind 127.0.0.1");
    }
    if (maxBodyBytes < 256 || maxBodyBytes > 1024 * 1024) {
      throw new IllegalArgumentException("max body must be within 256 B..1 MiB");
    }
    if (maxRecordings < 1 || maxRecordings > 1000) {
      throw new IllegalArgumentException("max recordings must be within 1..1000");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be within 1..256");
    }
    if (coreBudget < 0 || coreBudget > 1024 || Double.isNaN(coreBudget)) {
      throw new IllegalArgumentException("the CPU budget must be within 0..1024 cores (0: auto)");
    }
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("the free-space minimum must not be negative");
    }
    if (maxConnectionsPerClient < 1 || maxConnectionsPerClient > 100_000) {
      throw new IllegalArgumentException("connections per client must be within 1..100000");
    }
    Objects.requireNonNull(headTimeout, "headTimeout");
    if (headTimeout.toMillis() < 100 || headTimeout.toSeconds() > 600) {
      throw new IllegalArgumentException("the request head timeout must be within 100 ms..10 min");
    }
  }

  /** Loopback, the given port and folder, no token, default limits. */
  public static ServerConfig loopback(int port, Path recordings) {
    return new ServerConfig(InetAddress.getLoopbackAddress(), port, recordings, null,
        DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RECORDINGS, DEFAULT_THREADS);
  }

  /** A copy that requires this bearer token. */
  public ServerConfig withToken(String newToken) {
    return new ServerConfig(bind, port, recordings, newToken, maxBodyBytes, maxRecordings, threads,
        coreBudget, minFreeBytes, maxConnectionsPerClient, headTimeout);
  }

  /** A copy with this CPU budget in cores (0: 80% of this machine's). */
  public ServerConfig withCoreBudget(double cores) {
    return new ServerConfig(bind, port, recordings, token, maxBodyBytes, maxRecordings, threads,
        cores, minFreeBytes, maxConnectionsPerClient, headTimeout);
  }

  /** A copy with this free-space minimum. */
  public ServerConfig withMinFreeBytes(long bytes) {
    return new ServerConfig(bind, port, recordings, token, maxBodyBytes, maxRecordings, threads,
        coreBudget, bytes, maxConnectionsPerClient, headTimeout);
  }

  /** A copy with this request head timeout. */
  public ServerConfig withHeadTimeout(java.time.Duration timeout) {
    return new ServerConfig(bind, port, recordings, token, maxBodyBytes, maxRecordings, threads,
        coreBudget, minFreeBytes, maxConnectionsPerClient, timeout);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "ServerConfig[" + bind.getHostAddress() + ":" + port + ", recordings " + recordings
        + ", token " + (token == null ? "none" : "set") + ", max body " + maxBodyBytes
        + " B, max recordings " + maxRecordings + ", CPU budget "
        + (coreBudget == 0 ? "auto" : coreBudget + " cores") + ", min free " + minFreeBytes
        + " B]";
  }
}
