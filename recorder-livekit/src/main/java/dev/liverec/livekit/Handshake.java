package dev.liverec.livekit;

import dev.liverec.livekit.LiveKitConnectException.Reason;
import java.util.concurrent.CompletableFuture;
import livekit.LivekitRtc.SignalResponse;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The join and resume handshakes: opens a signalling connection with a fresh token and completes
 * once the server's first message says joined (a join response) or resumed (a reconnect response,
 * only when resuming), or fails with a typed {@link LiveKitConnectException}. Never blocks; the
 * connection timeout bounds every attempt.
 */
final class Handshake {
  /** An open connection and the server's first message on it. */
  record Opened(SignalConnection connection, SignalResponse first) {
    boolean resumed() {
      return first.hasReconnect();
    }
  }

  private final LiveKitSourceConfig config;
  private final Tokens tokens;
  private final OkHttpClient http;
  private final SignalConnection.Listener listener;

  Handshake(LiveKitSourceConfig config, Tokens tokens, OkHttpClient http,
      SignalConnection.Listener listener) {
    this.config = config;
    this.tokens = tokens;
    this.http = http;
    this.listener = listener;
  }

  /**
   * Joins afresh ({@code resumeSid} null) or asks to resume our session. A server that does not
   * know the session answers a resume with a join response: that is a fresh join, not a failure.
   */
  CompletableFuture<Opened> open(@Nullable String resumeSid) {
    SignalConnection connection = new SignalConnection(listener);
    String what = resumeSid == null ? "join" : "resume";
    return connection.connect(http, config.url(), tokens.next(), resumeSid,
        config.connectTimeout()).thenApply(first -> {
          if (first.hasJoin() || (resumeSid != null && first.hasReconnect())) {
            return new Opened(connection, first);
          }
          connection.cancel();
          if (first.hasLeave()) {
            throw new LiveKitConnectException(Reason.REJECTED, "LiveKit refused the " + what
                + ": " + first.getLeave().getReason() + " (" + first.getLeave().getAction() + ")");
          }
          throw new LiveKitConnectException(Reason.PROTOCOL_ERROR, "LiveKit's first message to a "
              + what + " was " + first.getMessageCase() + ", not a join or reconnect response");
        });
  }
}
