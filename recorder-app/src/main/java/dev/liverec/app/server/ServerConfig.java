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
 * @param threads HTTP worker threads (a stop request may wait up to the session's stop timeout)
 */
public record ServerConfig(
    InetAddress bind,
    int port,
    Path recordings,
    @Nullable String token,
    int maxBodyBytes,
    int maxRecordings,
    int threads) {
  /** Default request body limit: 16 KiB, far above any valid request. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
  /** Default limit on recordings running at once. */
  public static final int DEFAULT_MAX_RECORDINGS = 16;
  /** Default HTTP worker threads. */
  public static final int DEFAULT_THREADS = 8;

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
  }

  /** Loopback, the given port and folder, no token, default limits. */
  public static ServerConfig loopback(int port, Path recordings) {
    return new ServerConfig(InetAddress.getLoopbackAddress(), port, recordings, null,
        DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RECORDINGS, DEFAULT_THREADS);
  }

  /** A copy that requires this bearer token. */
  public ServerConfig withToken(String newToken) {
    return new ServerConfig(bind, port, recordings, newToken, maxBodyBytes, maxRecordings, threads);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "ServerConfig[" + bind.getHostAddress() + ":" + port + ", recordings " + recordings
        + ", token " + (token == null ? "none" : "set") + ", max body " + maxBodyBytes
        + " B, max recordings " + maxRecordings + "]";
  }
}
