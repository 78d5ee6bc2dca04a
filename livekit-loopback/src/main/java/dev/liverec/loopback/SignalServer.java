package dev.liverec.loopback;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;

/**
 * LiveKit's HTTP surface on Jetty: {@code /rtc} upgrades to the signalling WebSocket for a valid
 * token, {@code /rtc/validate} answers what the upgrade would, and {@code /rtc/v1} (single peer
 * connection mode) answers 404 as livekit-server releases before that mode do, so SDKs fall back to
 * {@code /rtc}. Refusals are plain text with livekit-server's status codes: 401 for a bad token,
 * 404 for a room that does not exist (when rooms are not created on join).
 */
final class SignalServer implements AutoCloseable {
  /** Where an accepted request goes. */
  interface Rooms {
    /** The room's socket listener, or null when the room does not exist. */
    SignalSocket.@Nullable Listener listenerFor(String room);
  }

  private final Server jetty;
  private final ServerConnector connector;
  private final Tokens tokens;
  private final Rooms rooms;
  private final AtomicLong tokensRejected = new AtomicLong();
  private volatile long refuseUntilNanos = System.nanoTime();

  SignalServer(String host, int port, Tokens tokens, Rooms rooms) {
    this.tokens = tokens;
    this.rooms = rooms;
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("loopback-http");
    threads.setDaemon(true);
    this.jetty = new Server(threads);
    this.connector = new ServerConnector(jetty);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(Duration.ofSeconds(30).toMillis());
    jetty.addConnector(connector);
    WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(jetty, container -> {
      container.setIdleTimeout(Duration.ofMinutes(5));
      container.setMaxBinaryMessageSize(1 << 20);
    });
    upgrades.setHandler(new Endpoints(upgrades.getServerWebSocketContainer()));
    jetty.setHandler(upgrades);
  }

  /** Starts listening. @throws IllegalStateException when the port is taken */
  void start() {
    try {
      jetty.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("could not listen on " + connector.getHost() + ":"
          + connector.getPort() + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return connector.getLocalPort();
  }

  String host() {
    return connector.getHost();
  }

  /** Fault: answers every {@code /rtc} request with 503 for {@code duration}, as a node down. */
  void refuseFor(Duration duration) {
    refuseUntilNanos = System.nanoTime() + duration.toNanos();
  }

  long tokensRejected() {
    return tokensRejected.get();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      // Stopping a server that failed to start; nothing more to free.
    }
  }

  private final class Endpoints extends Handler.Abstract {
    private final ServerWebSocketContainer container;

    Endpoints(ServerWebSocketContainer container) {
      this.container = container;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      boolean validate = path.equals("/rtc/validate");
      if (path.equals("/rtc/v1") || path.equals("/rtc/v1/validate")
          || (!path.equals("/rtc") && !validate)) {
        return plain(response, callback, 404, "404 page not found");
      }
      if (System.nanoTime() - refuseUntilNanos < 0) {
        return plain(response, callback, 503, "service unavailable");
      }
      Map<String, String> query = query(request);
      String token = query.get("access_token");
      String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        token = header.substring(7).trim();
      }
      if (token == null || token.isEmpty()) {
        tokensRejected.incrementAndGet();
        return plain(response, callback, 401, "no permissions to access the room");
      }
      Tokens.Grant grant;
      try {
        grant = tokens.verify(token);
      } catch (Tokens.Rejected e) {
        tokensRejected.incrementAndGet();
        return plain(response, callback, 401, e.getMessage());
      }
      SignalSocket.Listener room = rooms.listenerFor(grant.room());
      if (room == null) {
        return plain(response, callback, 404, "requested room does not exist");
      }
      if (validate) {
        return plain(response, callback, 200, "success");
      }
      ConnectRequest connect = ConnectRequest.of(grant, query);
      if (!container.upgrade((req, resp, cb) -> new SignalSocket(connect, room),
          request, response, callback)) {
        return plain(response, callback, 400, "a WebSocket upgrade is required");
      }
      return true;
    }

    private Map<String, String> query(Request request) {
      Map<String, String> values = new LinkedHashMap<>();
      Fields fields = Request.extractQueryParameters(request);
      for (Fields.Field field : fields) {
        values.put(field.getName(), field.getValue());
      }
      return values;
    }

    private boolean plain(Response response, Callback callback, int status, String text) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(response, true, text + "\n", callback);
      return true;
    }
  }
}
