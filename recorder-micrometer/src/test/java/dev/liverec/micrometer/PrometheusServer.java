package dev.liverec.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Debian's {@code prometheus} server, started on a free 127.0.0.1 port with a one-second scrape of
 * one target, queried through its own HTTP API ({@code /api/v1/query}). Shared through this
 * module's test-jar (recorder-app's {@code /metrics} test starts it too).
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts Prometheus scraping {@code http://target/metrics} every second, and waits until ready. */
  public static PrometheusServer start(Path dir, String target)
      throws IOException, InterruptedException {
    return start(dir, target, null);
  }

  /**
   * As {@link #start(Path, String)}, sending {@code Authorization: Bearer <first line of
   * tokenFile>} with every scrape when {@code tokenFile} is not null (the scrape config's
   * {@code authorization.credentials_file}, as the README shows).
   */
  public static PrometheusServer start(Path dir, String target, @Nullable Path tokenFile)
      throws IOException, InterruptedException {
    Path config = dir.resolve("prometheus.yml");
    String auth = tokenFile == null ? "" : """
            authorization:
              type: Bearer
              credentials_file: %s
        """.formatted(tokenFile.toAbsolutePath());
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: liverec
            metrics_path: /metrics
            static_configs:
              - targets: ['%s']
        """.formatted(target) + auth);
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    try {
      server.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + logTail());
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/-/ready"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready within " + timeout + ": " + logTail());
  }

  /** The value of an instant PromQL query with one series, or empty when it has none yet. */
  public OptionalDouble query(String promql) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query " + promql + " failed: " + response.body());
    }
    JsonNode result = body.path("data").path("result");
    if (result.size() == 0) {
      return OptionalDouble.empty();
    }
    if (result.size() > 1) {
      throw new IllegalStateException("query " + promql + " has several series: " + result);
    }
    return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
  }

  /**
   * Queries until {@code promql} has one series with a value above {@code floor} (a scrape is
   * once a second) and returns it; fails after {@code timeout} with Prometheus's log.
   */
  public double awaitValueAbove(String promql, double floor, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalDouble value = query(promql);
      if (value.isPresent() && value.getAsDouble() > floor) {
        return value.getAsDouble();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(promql + " never rose above " + floor + " in Prometheus within "
        + timeout.toSeconds() + " s; its log ends: " + logTail());
  }

  public String logTail() {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
