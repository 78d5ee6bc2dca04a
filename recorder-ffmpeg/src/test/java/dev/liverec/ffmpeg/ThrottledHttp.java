package dev.liverec.ffmpeg;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test web server on 127.0.0.1 that serves files from one folder at a fixed rate per response,
 * with HTTP range requests as a CDN answers them, plus one page, a {@code /report} endpoint the
 * page posts its findings to and a {@code /canplay} endpoint it calls when the video can play, at
 * which the server notes how many media bytes it had sent by then.
 */
final class ThrottledHttp implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final HttpServer server;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "throttled-http");
    t.setDaemon(true);
    return t;
  });
  private final Path folder;
  private final long bytesPerSecond;
  private volatile CompletableFuture<String> report = new CompletableFuture<>();
  /** Media bytes written to the browser so far, over every response. */
  private final AtomicLong sentBytes = new AtomicLong();
  private volatile long sentAtCanplay = -1;

  ThrottledHttp(Path folder, long bytesPerSecond, byte[] page) throws IOException {
    this.folder = folder;
    this.bytesPerSecond = bytesPerSecond;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/media/", this::serveFile);
    server.createContext("/report", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      reply(exchange, 204, null);
      report.complete(body);
    });
    server.createContext("/canplay", exchange -> {
      sentAtCanplay = sentBytes.get();
      reply(exchange, 204, null);
    });
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      reply(exchange, 200, page);
    });
    server.setExecutor(workers);
    server.start();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** The next report the page posts. */
  CompletableFuture<String> nextReport() {
    report = new CompletableFuture<>();
    return report;
  }

  /** Media bytes the server had sent when the page said it could play; -1 before that. */
  long bytesSentBeforeCanplay() {
    return sentAtCanplay;
  }

  private void serveFile(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/media/".length());
    Path file = folder.resolve(name).normalize();
    if (!file.startsWith(folder) || !file.toFile().isFile()) {
      reply(exchange, 404, null);
      return;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long size = in.length();
      long from = 0;
      long to = size - 1;
      String range = exchange.getRequestHeaders().getFirst("Range");
      int status = 200;
      if (range != null && range.startsWith("bytes=")) {
        String[] parts = range.substring(6).split("-", -1);
        from = Long.parseLong(parts[0]);
        if (!parts[1].isEmpty()) {
          to = Math.min(to, Long.parseLong(parts[1]));
        }
        status = 206;
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
      }
      exchange.getResponseHeaders().set("Content-Type", "video/mp4");
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      exchange.sendResponseHeaders(status, to - from + 1);
      in.seek(from);
      send(in, to - from + 1, exchange.getResponseBody());
    } catch (IOException e) {
      // The browser cancelled the response (it seeks elsewhere): nothing to do.
    } finally {
      exchange.close();
    }
  }

  /** Writes {@code length} bytes at {@link #bytesPerSecond}. */
  private void send(RandomAccessFile in, long length, OutputStream out) throws IOException {
    byte[] buffer = new byte[CHUNK];
    long started = System.nanoTime();
    long sent = 0;
    while (sent < length) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - sent));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      out.flush();
      sent += n;
      sentBytes.addAndGet(n);
      long due = started + sent * 1_000_000_000L / bytesPerSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (InputStream ignored = exchange.getRequestBody()) {
      exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
