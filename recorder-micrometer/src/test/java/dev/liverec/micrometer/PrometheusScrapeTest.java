package dev.liverec.micrometer;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a live recording with recorder-micrometer on the classpath and a Prometheus registry
 * installed, when Debian's Prometheus server scrapes the app's /metrics, then Prometheus's own
 * query API returns the recording's frame counters, and they grow while it records.
 */
class PrometheusScrapeTest {
  private static final String RECORDING = "prometheus-scrape";
  private static final String VIDEO_WRITTEN =
      "liverec_frames_written_total{recording=\"" + RECORDING + "\",track=\"video\"}";
  private static final String VIDEO_RECEIVED =
      "liverec_frames_received_total{recording=\"" + RECORDING + "\",track=\"video\"}";

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void prometheusSeesTheFrameCountersOfARunningRecordingIncrease() throws Exception {
    assumeTrue(Files.isExecutable(PrometheusServer.BINARY),
        "needs Debian's prometheus package (apt-get install prometheus; .ci/run installs it)");
    Scenario live = Scenario.builder().size(320, 240).frameRate(15).playForever().build();
    Path out = dir.resolve("live.mp4");

    try (PrometheusMetrics metrics = PrometheusMetrics.install();
        MetricsEndpoint endpoint = new MetricsEndpoint(metrics);
        PrometheusServer prometheus = PrometheusServer.start(dir, endpoint.target());
        RecordingSession session = RecordingSession.create(
            RecorderConfig.builder(out).name(RECORDING).frameRate(15).build(),
            live.source(SourceClock.REAL))) {
      session.start();

      double first = prometheus.awaitValueAbove(VIDEO_WRITTEN, 0, WAIT);
      double later = prometheus.awaitValueAbove(VIDEO_WRITTEN, first, WAIT);
      assertThat(later).isGreaterThan(first);
      assertThat(prometheus.awaitValueAbove(VIDEO_RECEIVED, 0, WAIT))
          .isGreaterThanOrEqualTo(first);

      session.stop();
      // What Prometheus counted is in the file, as FFmpeg decodes it.
      assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors()
          .hasVideoFramesBetween((long) later, Long.MAX_VALUE);
    }
  }
}
