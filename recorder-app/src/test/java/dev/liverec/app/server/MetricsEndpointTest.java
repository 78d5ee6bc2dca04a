package dev.liverec.app.server;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.micrometer.PrometheusServer;
import dev.liverec.micrometer.RecordingMeters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code serve} with a bearer token and a recording running, when Debian's Prometheus scrapes
 * its {@code /metrics} with the token from a credentials file (as the README configures it), then
 * Prometheus's own query API returns the recording's frame counters, increasing; without the
 * token {@code /metrics} is refused like the API.
 */
class MetricsEndpointTest {
  private static final String TOKEN = "metrics-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void prometheusScrapesTheFrameCountersOfARunningRecordingWithTheToken() throws Exception {
    assumeTrue(Files.isExecutable(PrometheusServer.BINARY),
        "needs Debian's prometheus package (apt-get install prometheus; .ci/run installs it)");
    Path tokenFile = Files.writeString(dir.resolve("liverec.token"), TOKEN + "\n");
    String written = "liverec_frames_written_total{job=\"liverec\",recording=\"metrics_live\","
        + "track=\"video\"}";

    try (RecordingServer server = RecordingServer.start(
            ServerConfig.loopback(0, dir.resolve("recordings")).withToken(TOKEN),
            SyntheticSourceFactory.endless(320, 240, 15));
        PrometheusServer prometheus =
            PrometheusServer.start(dir, "127.0.0.1:" + server.port(), tokenFile)) {
      ApiClient api = new ApiClient(server.port(), TOKEN);
      ApiClient.Response start = api.start("metrics_live");
      assertThat(start.status()).isEqualTo(200);

      double first = prometheus.awaitValueAbove(written, 0, WAIT);
      double later = prometheus.awaitValueAbove(written, first, WAIT);
      assertThat(later).isGreaterThan(first);
      assertThat(prometheus.query("up{job=\"liverec\"}")).hasValue(1.0);

      assertThat(metrics(server.port(), null).statusCode()).isEqualTo(401);
      HttpResponse<String> scrape = metrics(server.port(), TOKEN);
      assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(scrape.body()).contains("liverec_frames_written_total{recording=\"metrics_live\"");

      assertThat(api.stop("metrics_live").status()).isEqualTo(200);
      // What Prometheus counted is in the file, as FFmpeg decodes it.
      assertThatRecording(Path.of(start.body().path("output_path").asText()))
          .decodesWithoutErrors().hasVideoFramesBetween((long) later, Long.MAX_VALUE);
    }
  }

  @Test
  void aRecordingTheRegistryForgetsLeavesNoSeries() {
    try (ServerMetrics metrics = new ServerMetrics()) {
      new RecordingMeters(io.micrometer.core.instrument.Metrics.globalRegistry, "forgotten_one")
          .encoderDrained();
      assertThat(metrics.scrape()).contains("recording=\"forgotten_one\"");

      metrics.forgotten(new MintId("forgotten_one"));

      assertThat(metrics.scrape()).doesNotContain("forgotten_one");
    }
  }

  private static HttpResponse<String> metrics(int port, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
