package dev.liverec.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code serve} with a token (from the environment) and a small log cap, when 100,000
 * unauthenticated requests arrive, then the log folder grows by less than 1 MB and {@code /health}
 * counts them; and when thousands of logged requests follow, the log rolls over and the folder
 * never exceeds its cap.
 */
class LogFloodTest {
  private static final String TOKEN = "log-flood-token-0123456789";
  private static final long FILE_SIZE = 64 * 1024;
  private static final long TOTAL_CAP = 256 * 1024;

  @TempDir Path root;

  @Test
  void refusedRequestsAreCountedNotLoggedAndTheLogFolderStaysUnderItsCap() throws Exception {
    Path logs = root.resolve("logs");
    AtomicLong largest = new AtomicLong();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        largest.accumulateAndGet(folderSize(logs), Math::max);
        sleep(20);
      }
    }, "test-log-watcher");
    try (ServeProcess serve = ServeProcess.start(Map.of("liverec.logs", logs.toString(),
            "liverec.log.fileSize", String.valueOf(FILE_SIZE),
            "liverec.log.totalCap", String.valueOf(TOTAL_CAP)),
        Map.of("LIVEREC_API_TOKEN", TOKEN), "--recordings", root.resolve("rec").toString())) {
      watcher.start();
      long before = folderSize(logs);

      long refused = pipelined(serve.port(), null, 100_000);

      long grown = folderSize(logs) - before;
      System.out.printf("100,000 refused requests grew the logs by %d bytes%n", grown);
      assertThat(refused).isEqualTo(100_000);
      assertThat(grown).as("log growth for 100,000 refused requests").isLessThan(1024 * 1024);
      JsonNode health = Json.MAPPER.readTree(get(serve.port(), "/health"));
      assertThat(health.path("requests").path("401").asLong()).isEqualTo(100_000);

      // Each answered request is one log line: enough of them to fill the cap several times.
      long answered = pipelined(serve.port(), TOKEN, 12_000);
      assertThat(answered).isEqualTo(12_000);
    } finally {
      watching.set(false);
      watcher.join(5000);
    }
    try (Stream<Path> files = Files.list(logs)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("rolled-over files").anyMatch(n -> n.matches("recording\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log"));
    }
    System.out.printf("largest log folder: %d bytes (cap %d + one file of %d)%n", largest.get(),
        TOTAL_CAP, FILE_SIZE);
    assertThat(largest.get()).as("largest size of the log folder")
        .isLessThanOrEqualTo(TOTAL_CAP + FILE_SIZE + FILE_SIZE / 4);
  }

  /**
   * Sends {@code count} GET /health requests over 4 kept-alive sockets, pipelined in batches, and
   * returns how many answers carried the expected status (401 without a token, else 200).
   */
  private static long pipelined(int port, String token, int count) throws Exception {
    String expected = token == null ? "HTTP/1.1 401" : "HTTP/1.1 200";
    byte[] one = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    int sockets = 4;
    ExecutorService pool = Executors.newFixedThreadPool(sockets);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int s = 0; s < sockets; s++) {
        int share = count / sockets + (s < count % sockets ? 1 : 0);
        parts.add(pool.submit(() -> flood(port, one, share, expected)));
      }
      long matched = 0;
      for (Future<Long> f : parts) {
        matched += f.get(5, TimeUnit.MINUTES);
      }
      return matched;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long flood(int port, byte[] request, int count, String expected)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      long matched = 0;
      int sent = 0;
      while (sent < count) {
        int batch = Math.min(200, count - sent);
        byte[] burst = new byte[request.length * batch];
        for (int i = 0; i < batch; i++) {
          System.arraycopy(request, 0, burst, i * request.length, request.length);
        }
        out.write(burst);
        out.flush();
        for (int i = 0; i < batch; i++) {
          matched += readResponse(in).startsWith(expected) ? 1 : 0;
        }
        sent += batch;
      }
      return matched;
    }
  }

  /** Reads one response (head and Content-Length body) and returns its head. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return head.toString();
  }

  private static String get(int port, String path) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKEN).build();
    return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  private static long folderSize(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // rolled away between list and size
        }
      }).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
