package dev.liverec.app.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A webhook receiver on a free 127.0.0.1 port that keeps every POST it gets and answers 500 to
 * the first {@code failFirst} of them, and while {@link #failing} is on; 204 else.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One POST as it arrived. */
  record Delivery(String authorization, String deliveryId, int attempt, String body, int answered) {}

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  WebhookReceiver(int failFirst) throws IOException {
    AtomicInteger seen = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hooks", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      int status = seen.incrementAndGet() <= failFirst || failing ? 500 : 204;
      var h = exchange.getRequestHeaders();
      deliveries.add(new Delivery(String.valueOf(h.getFirst("Authorization")),
          String.valueOf(h.getFirst("X-Liverec-Delivery")),
          Integer.parseInt(String.valueOf(h.getFirst("X-Liverec-Attempt"))), body, status));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** While on, every POST is answered 500 (the receiver is in trouble). */
  void failing(boolean on) {
    failing = on;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Waits (bounded) until a delivery matches. */
  Delivery await(Predicate<Delivery> matching, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Delivery d : deliveries) {
        if (matching.test(d)) {
          return d;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no matching webhook within " + timeout + "; got " + deliveries);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
