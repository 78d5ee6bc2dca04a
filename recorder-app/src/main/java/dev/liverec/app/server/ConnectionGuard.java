package dev.liverec.app.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Connection;

/**
 * Limits what one client's connections can hold: at most {@code maxPerClient} open connections per
 * remote address (more are closed at once), and every connection must complete a request's head
 * within {@code headTimeout} of opening or of its previous request, so a client that sends its
 * headers a byte at a time is cut off instead of being waited for. {@link #sweep()} runs about
 * once a second. Counts what it closed.
 */
final class ConnectionGuard implements Connection.Listener {
  private static final class Tracked {
    final InetAddress client;
    long messagesIn;
    long sinceNanos;

    Tracked(InetAddress client, long nowNanos) {
      this.client = client;
      this.sinceNanos = nowNanos;
    }
  }

  private final int maxPerClient;
  private final long headTimeoutNanos;
  private final Map<Connection, Tracked> open = new ConcurrentHashMap<>();
  private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder timedOut = new LongAdder();

  ConnectionGuard(int maxPerClient, Duration headTimeout) {
    this.maxPerClient = maxPerClient;
    this.headTimeoutNanos = headTimeout.toNanos();
  }

  @Override
  public void onOpened(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return;
    }
    InetAddress client = inet.getAddress();
    int count = perClient.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
    open.put(connection, new Tracked(client, System.nanoTime()));
    if (count > maxPerClient) {
      refused.increment();
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    Tracked t = open.remove(connection);
    if (t != null) {
      perClient.computeIfPresent(t.client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
  }

  /**
   * Closes connections whose next request head has been incomplete for longer than the timeout.
   * A connection whose request is being answered (a slow stop) is left alone.
   */
  void sweep() {
    long now = System.nanoTime();
    open.forEach((connection, t) -> {
      long in = connection.getMessagesIn();
      if (in != t.messagesIn) {
        t.messagesIn = in;
        t.sinceNanos = now;
        return;
      }
      boolean answering = connection.getMessagesOut() < in;
      if (!answering && now - t.sinceNanos > headTimeoutNanos) {
        timedOut.increment();
        connection.getEndPoint().close();
      }
    });
  }

  /** Connections refused because their client held too many. */
  long refused() {
    return refused.sum();
  }

  /** Connections closed for not completing a request head in time. */
  long timedOut() {
    return timedOut.sum();
  }
}
