package dev.liverec.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server}, started for a test on a free 127.0.0.1 port with an append-only
 * file (as the README tells a fleet to run it), so a restart keeps the cluster's state. Tests that
 * need it skip, with the reason, when the binary is missing ({@code .ci/run} installs it).
 */
public final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String fsync;
  private volatile Process process;

  private RedisServer(Path dir, int port, String fsync) throws IOException {
    this.dir = dir;
    this.port = port;
    this.fsync = fsync;
    this.process = launch();
    // A JVM that ends without closing this (a failed or interrupted run) still stops its Redis.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroyForcibly()));
  }

  /** A Redis that writes every command to its append-only file before answering. */
  public static RedisServer start(Path dir) throws IOException {
    return start(dir, "always");
  }

  /** @param fsync the append-only file's fsync policy: always, everysec or no */
  static RedisServer start(Path dir, String fsync) throws IOException {
    assumeTrue(binary() != null, "redis-server is not installed (apt-get install redis-server; "
        + ".ci/run installs it)");
    return new RedisServer(dir, freePort(), fsync);
  }

  private static String binary() {
    for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  private Process launch() throws IOException {
    Process p = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", fsync,
        "--maxclients", "20000", "--save", "",
        "--protected-mode", "no")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (ping()) {
        return p;
      }
      if (!p.isAlive()) {
        throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("redis-server did not answer PING within 20 s");
  }

  boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server (SIGTERM: it syncs its append-only file). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts it again on the same port and folder. */
  void startAgain() throws IOException {
    process = launch();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
