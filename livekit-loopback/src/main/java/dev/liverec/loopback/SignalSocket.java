package dev.liverec.loopback;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signalling WebSocket as the server holds it: binary protobuf {@code SignalResponse} out,
 * {@code SignalRequest} in. Jetty calls the listener on its own threads; the listener hands work
 * to its room's thread and never blocks.
 */
public final class SignalSocket implements Session.Listener.AutoDemanding {
  private static final Logger log = LoggerFactory.getLogger(SignalSocket.class);

  /** What arrives on the socket. */
  interface Listener {
    void opened(SignalSocket socket);

    void received(SignalSocket socket, SignalRequest request);

    void gone(SignalSocket socket);
  }

  private final ConnectRequest request;
  private final Listener listener;
  private volatile @Nullable Session session;
  private volatile boolean gone;

  SignalSocket(ConnectRequest request, Listener listener) {
    this.request = request;
    this.listener = listener;
  }

  /** What the client asked for when it connected. */
  ConnectRequest request() {
    return request;
  }

  /** Sends a message; false when the socket is already gone. */
  boolean send(SignalResponse response) {
    Session s = session;
    if (s == null || gone || !s.isOpen()) {
      return false;
    }
    s.sendBinary(ByteBuffer.wrap(response.toByteArray()), Callback.NOOP);
    return true;
  }

  /** Closes politely with a close frame. */
  void close(int code, String reason) {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close(code, reason, Callback.NOOP);
    }
  }

  /** Drops the TCP connection without a close frame, as a network cut would. */
  void cut() {
    Session s = session;
    if (s != null) {
      s.disconnect();
    }
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
    listener.opened(this);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    SignalRequest message;
    try {
      message = SignalRequest.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      log.warn("loopback: unreadable signalling request from {}", request.grant().identity());
      callback.succeed();
      return;
    }
    callback.succeed();
    listener.received(this, message);
  }

  @Override
  public void onWebSocketText(String message) {
    log.debug("loopback: ignoring a text message from {}", request.grant().identity());
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    goneOnce();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    log.debug("loopback: socket of {} failed: {}", request.grant().identity(), cause.toString());
    goneOnce();
  }

  private void goneOnce() {
    if (!gone) {
      gone = true;
      listener.gone(this);
    }
  }
}
