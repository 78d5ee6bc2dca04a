package dev.liverec.loopback;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network between a client and the server's subscriber peer connection, as a UDP relay on
 * 127.0.0.1, so a test can take that network away ({@link #interrupt}) while signalling stays.
 *
 * <p>The server's peer connection is reached only through it: each UDP host candidate the server
 * gathers on this machine gets a front port on 127.0.0.1 and the client is told that port instead
 * ({@link #expose}); other candidates (TCP, IPv6, anything not on this machine) are not told at
 * all, and the caller keeps the client's own candidates from the server. A datagram from a client
 * address to a front goes to that front's server address from an upstream port kept for the
 * client address (as a NAT maps it), so the server learns the client as a peer-reflexive
 * candidate and answers through the same port; its answer goes back to the client from the front.
 * Only addresses of this machine are ever sent to. One daemon thread, one reused buffer, no
 * queues: a datagram that cannot be sent at once is dropped, as a network drops it.
 */
final class MediaPath implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaPath.class);
  private static final InetAddress LOOPBACK = loopback();
  private static final int MAX_FRONTS = 16;
  private static final int MAX_CLIENTS = 8;

  private final String name;
  private final Selector selector;
  /** Fronts by the server address they lead to; written on the room thread, read on the relay's. */
  private final Map<InetSocketAddress, DatagramChannel> fronts = new ConcurrentHashMap<>();
  private final ArrayList<InetSocketAddress> frontOrder = new ArrayList<>();
  /** Upstream ports by client address, oldest first; the relay's thread only. */
  private final Map<InetSocketAddress, DatagramChannel> upstreams = new LinkedHashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile long interruptedUntil = System.nanoTime();
  private volatile boolean closed;

  MediaPath(String name) {
    this.name = name;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a selector for the media relay", e);
    }
    this.thread = new Thread(this::run, "loopback-media-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * What to tell the client of a candidate the server gathered ({@code candidate:...}, with or
   * without {@code a=}): the same candidate at a front port on 127.0.0.1, or null to tell nothing.
   */
  @Nullable String expose(String candidate) {
    String[] f = candidate.split(" ");
    if (closed || f.length < 8 || !f[2].equalsIgnoreCase("udp") || !f[7].equals("host")
        || !f[4].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null; // not UDP, not a host candidate, or not IPv4 (a name is never looked up)
    }
    InetSocketAddress server;
    try {
      InetAddress address = InetAddress.getByName(f[4]);
      if (!(address instanceof Inet4Address) || !onThisMachine(address)) {
        return null;
      }
      server = new InetSocketAddress(address, Integer.parseInt(f[5]));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
    DatagramChannel front = fronts.get(server);
    if (front == null && (front = openFront(server)) == null) {
      return null;
    }
    f[4] = LOOPBACK.getHostAddress();
    f[5] = Integer.toString(front.socket().getLocalPort());
    return String.join(" ", f);
  }

  /** An SDP with each {@code a=candidate} line exposed ({@link #expose}) or left out. */
  String exposeSdp(String sdp) {
    StringBuilder out = new StringBuilder(sdp.length());
    for (String line : sdp.split("\r\n", -1)) {
      String told = line.startsWith("a=candidate:") ? expose(line) : line;
      if (told != null) {
        out.append(told).append("\r\n");
      }
    }
    return out.substring(0, Math.max(0, out.length() - 2));
  }

  /** An SDP of the client's without its candidates, so the server can reach it only through here. */
  static String withoutCandidates(String sdp) {
    return sdp.replaceAll("(?m)^a=candidate:.*(\\r\\n|\\n)", "");
  }

  /** Drops every datagram, both ways, for {@code duration} from now. */
  void interrupt(Duration duration) {
    interruptedUntil = System.nanoTime() + duration.toNanos();
    log.info("loopback: media path of {} interrupted for {} ms", name, duration.toMillis());
  }

  private boolean interrupted() {
    return System.nanoTime() - interruptedUntil < 0;
  }

  private synchronized @Nullable DatagramChannel openFront(InetSocketAddress server) {
    DatagramChannel existing = fronts.get(server);
    if (existing != null || closed) {
      return existing;
    }
    try {
      DatagramChannel front = open();
      front.register(selector, SelectionKey.OP_READ, server);
      selector.wakeup();
      fronts.put(server, front);
      frontOrder.add(server);
      if (frontOrder.size() > MAX_FRONTS) {
        quietlyClose(fronts.remove(frontOrder.remove(0)));
      }
      return front;
    } catch (IOException e) {
      log.warn("loopback: no media relay port for {}: {}", name, e.toString());
      return null;
    }
  }

  private static DatagramChannel open() throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.configureBlocking(false);
      channel.bind(new InetSocketAddress(LOOPBACK, 0));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  private void run() {
    try {
      while (!closed) {
        selector.select();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid() && key.isReadable()) {
            drain(key);
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closed) {
        log.warn("loopback: media relay of {} stopped: {}", name, e.toString());
      }
    } finally {
      fronts.values().forEach(MediaPath::quietlyClose);
      upstreams.values().forEach(MediaPath::quietlyClose);
      try {
        selector.close();
      } catch (IOException e) {
        log.debug("loopback: closing the media relay's selector: {}", e.toString());
      }
    }
  }

  /** Forwards every datagram waiting on {@code key}'s channel. */
  private void drain(SelectionKey key) {
    DatagramChannel from = (DatagramChannel) key.channel();
    while (true) {
      buffer.clear();
      InetSocketAddress sender;
      try {
        sender = (InetSocketAddress) from.receive(buffer);
      } catch (IOException e) {
        log.debug("loopback: media relay receive: {}", e.toString());
        return;
      }
      if (sender == null) {
        return;
      }
      buffer.flip();
      if (interrupted()) {
        dropped.incrementAndGet();
        continue;
      }
      if (key.attachment() instanceof InetSocketAddress server) {
        send(upstreamFor(sender), server);
      } else if (key.attachment() instanceof Upstream up) {
        send(fronts.get(sender), up.client());
      }
    }
  }

  private void send(@Nullable DatagramChannel via, InetSocketAddress to) {
    try {
      if (via != null && via.send(buffer, to) > 0) {
        forwarded.incrementAndGet();
        return;
      }
    } catch (IOException e) {
      log.trace("loopback: media relay send to {}: {}", to, e.toString());
    }
    dropped.incrementAndGet();
  }

  /** The upstream port of a client address, made on its first datagram; null if not local. */
  private @Nullable DatagramChannel upstreamFor(InetSocketAddress client) {
    DatagramChannel up = upstreams.get(client);
    if (up != null || !onThisMachine(client.getAddress())) {
      return up;
    }
    try {
      up = open();
      up.register(selector, SelectionKey.OP_READ, new Upstream(client));
    } catch (IOException e) {
      log.warn("loopback: no media relay port for {}: {}", client, e.toString());
      return null;
    }
    upstreams.put(client, up);
    if (upstreams.size() > MAX_CLIENTS) {
      Iterator<DatagramChannel> eldest = upstreams.values().iterator();
      quietlyClose(eldest.next());
      eldest.remove();
    }
    log.debug("loopback: media relay of {}: client {} via port {}", name, client,
        up.socket().getLocalPort());
    return up;
  }

  private record Upstream(InetSocketAddress client) {}

  private static boolean onThisMachine(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void quietlyClose(@Nullable DatagramChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("loopback: closing a media relay port: {}", e.toString());
      }
    }
  }

  /** Stops the relay's thread (at most 2 s) and closes every port. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    selector.wakeup();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      fronts.values().forEach(MediaPath::quietlyClose);
    }
    log.debug("loopback: media relay of {} closed ({} forwarded, {} dropped)", name,
        forwarded.get(), dropped.get());
  }
}
