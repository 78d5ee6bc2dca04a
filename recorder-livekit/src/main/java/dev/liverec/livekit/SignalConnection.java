package dev.liverec.livekit;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.liverec.livekit.LiveKitConnectException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LiveKit signalling WebSocket: binary protobuf {@code SignalRequest} out, {@code
 * SignalResponse} in. {@link #connect} completes with the server's first message (a join or
 * reconnect response) or fails with a typed {@link LiveKitConnectException}; every later message,
 * and the drop of the socket, go to the {@link Listener} on OkHttp's reader thread.
 */
final class SignalConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalConnection.class);
  private static final int NORMAL_CLOSURE = 1000;

  /** Receives every message and the drop; called on OkHttp's thread, must not block. */
  interface Listener {
    void onMessage(SignalConnection from, SignalResponse message);

    void onDropped(SignalConnection from, String reason, @Nullable Throwable cause);
  }

  private final CompletableFuture<SignalResponse> first = new CompletableFuture<>();
  private final Listener listener;
  private volatile @Nullable WebSocket socket;
  private volatile long lastMessageNanos = System.nanoTime();
  private volatile boolean closing;

  SignalConnection(Listener listener) {
    this.listener = listener;
  }

  /**
   * Connects; the future completes with the server's first message (a join or reconnect
   * response, which the listener also receives), or fails with a typed {@link
   * LiveKitConnectException} when the server cannot be reached, rejects the token or the room, or
   * says nothing within {@code timeout}. Never blocks.
   *
   * @param resumeSid our participant sid to resume a session, or null to join afresh
   */
  CompletableFuture<SignalResponse> connect(
      OkHttpClient client, URI server, String token, @Nullable String resumeSid, Duration timeout) {
    Request request = new Request.Builder()
        .url(SignalUrls.rtc(server, resumeSid))
        .header("Authorization", "Bearer " + token)
        .build();
    socket = client.newWebSocket(request, new SocketListener());
    return first.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((message, error) -> {
      if (error == null) {
        return message;
      }
      cancel();
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof TimeoutException) {
        throw new LiveKitConnectException(Reason.TIMEOUT,
            "LiveKit at " + server + " did not complete the join within " + timeout.toMillis()
                + " ms; check the URL points at a LiveKit server (not a proxy that swallows "
                + "WebSockets) or raise the connect timeout", cause);
      }
      if (cause instanceof LiveKitConnectException lke) {
        throw lke;
      }
      throw new LiveKitConnectException(Reason.PROTOCOL_ERROR,
          "joining LiveKit failed: " + cause, cause);
    });
  }

  /** {@link System#nanoTime()} when the last message arrived, for the ping timeout. */
  long lastMessageNanos() {
    return lastMessageNanos;
  }

  /** Sends a request; false when the socket is already gone. */
  boolean send(SignalRequest request) {
    WebSocket ws = socket;
    return ws != null && ws.send(ByteString.of(request.toByteArray()));
  }

  /** Says goodbye (a client-initiated leave) and closes the socket politely. */
  void leave() {
    closing = true;
    send(SignalRequest.newBuilder()
        .setLeave(LeaveRequest.newBuilder()
            .setReason(DisconnectReason.CLIENT_INITIATED)
            .setAction(LeaveRequest.Action.DISCONNECT))
        .build());
    WebSocket ws = socket;
    if (ws != null) {
      ws.close(NORMAL_CLOSURE, "recorder leaving");
    }
  }

  /** Drops the socket at once, without a goodbye. */
  void cancel() {
    closing = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.cancel();
    }
  }

  @Override
  public void close() {
    cancel();
  }

  private static LiveKitConnectException upgradeFailure(
      Throwable t, @Nullable Response response) {
    if (response == null) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException) {
        return new LiveKitConnectException(Reason.SERVER_UNREACHABLE,
            "no LiveKit server answered (" + t.getMessage() + "); check the URL, host and port "
                + "and that the server is running", t);
      }
      return new LiveKitConnectException(Reason.SERVER_UNREACHABLE,
          "the connection to LiveKit failed: " + t, t);
    }
    int code = response.code();
    String said = serverText(response);
    return switch (code) {
      case 401, 403 -> new LiveKitConnectException(Reason.UNAUTHORIZED,
          "LiveKit rejected the token (HTTP " + code + said + "); check the API key and secret "
              + "match the server's, the token has not expired and grants roomJoin for the room",
          t);
      case 404 -> new LiveKitConnectException(Reason.ROOM_NOT_FOUND,
          "LiveKit does not know the room (HTTP 404" + said + "); check the room name, or let "
              + "the server create rooms on join", t);
      default -> new LiveKitConnectException(Reason.REJECTED,
          "LiveKit refused the WebSocket upgrade (HTTP " + code + said + ")", t);
    };
  }

  private static String serverText(Response response) {
    try {
      String body = response.peekBody(512).string().strip();
      return body.isEmpty() ? "" : ": " + body;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private final class SocketListener extends WebSocketListener {
    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      lastMessageNanos = System.nanoTime();
      SignalResponse message;
      try {
        message = SignalResponse.parseFrom(bytes.toByteArray());
      } catch (InvalidProtocolBufferException e) {
        log.warn("ignoring a signalling message that is not a SignalResponse: {}", e.getMessage());
        return;
      }
      if (!first.isDone()) {
        first.complete(message);
        return;
      }
      listener.onMessage(SignalConnection.this, message);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      lastMessageNanos = System.nanoTime();
      log.debug("ignoring a text signalling message ({} chars); binary protobuf is expected",
          text.length());
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(NORMAL_CLOSURE, null);
      dropped("server closed the signalling socket (" + code + " " + reason + ")", null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      if (!first.isDone()) {
        first.completeExceptionally(upgradeFailure(t, response));
        return;
      }
      dropped("signalling socket failed: " + t, t);
    }

    private void dropped(String reason, @Nullable Throwable cause) {
      if (!first.isDone()) {
        first.completeExceptionally(new LiveKitConnectException(Reason.REJECTED,
            "LiveKit closed the signalling socket before joining: " + reason));
        return;
      }
      if (!closing) {
        closing = true;
        listener.onDropped(SignalConnection.this, reason, cause);
      }
    }
  }
}
