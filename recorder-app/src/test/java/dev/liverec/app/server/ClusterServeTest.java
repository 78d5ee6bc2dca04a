package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.app.InProcessCommands;
import dev.liverec.cluster.Worker;
import dev.liverec.cluster.RedisServer;
import dev.liverec.cluster.S3Store;
import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeOptions;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.StreamReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 through the app's own commands: one Redis ({@code redis-server}), one S3 store (S3Proxy,
 * spoken to through the AWS SDK), two {@code liverec worker}s and two {@code liverec serve
 * --cluster} fronts, their command lines parsed by the app and run in this JVM (a JVM start per
 * process costs more than the test on a loaded machine; the workers' SIGTERM path is the same
 * {@code close()}). The guide's HTTP calls go to either front: a recording started on one is seen,
 * listed and stopped on the other, and its object, downloaded from S3, decodes with FFmpeg to the
 * duration the fleet reported. A drained worker leaves the fleet.
 */
class ClusterServeTest {
  @TempDir Path dir;

  @Test
  void theGuidesCallsWorkAgainstEitherFrontAndTheObjectDecodes() throws Exception {
    try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        S3Store s3 = new S3Store(dir.resolve("s3"))) {
      // Given two workers and two fronts of one fleet, heartbeats short so the test is quick
      Path credentials = Files.writeString(dir.resolve("s3.credentials"),
          "access_key=" + S3Store.ACCESS + "\nsecret_key=" + S3Store.SECRET + "\n");
      List<String> cluster = List.of("--cluster", redis.uri().toString(),
          "--heartbeat", "500ms", "--heartbeat-ttl", "3s");
      try (Worker w1 = worker("w1", cluster, s3, credentials);
          Worker w2 = worker("w2", cluster, s3, credentials);
          RecordingServer a = front(cluster);
          RecordingServer b = front(cluster)) {
        ApiClient frontA = new ApiClient(a.port());
        ApiClient frontB = new ApiClient(b.port());
        Await.until(Duration.ofSeconds(60), "two live workers in /health", () -> {
          ApiClient.Response health = frontB.get("/health");
          return health.status() == 200 && health.body().path("live_workers").asInt() == 2;
        });
        guidesCalls(frontA, frontB, s3);

        // When a worker is drained (what SIGTERM does), the fronts see one worker left
        w1.close();
        Await.until(Duration.ofSeconds(60), "one live worker left", () ->
            frontA.get("/health").body().path("live_workers").asInt() == 1);
      }
    }
  }

  private void guidesCalls(ApiClient frontA, ApiClient frontB, S3Store s3) throws Exception {
    // When the guide's start goes to front A
    ApiClient.Response started = frontA.start("fleet_test");
    assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
    assertThat(started.body().path("message").asText()).isEqualTo("recording started");
    assertThat(started.body().path("size").asText()).isEqualTo("640x360");

    // Then front B shows it recording on a worker, and lists it as active
    Await.until(Duration.ofSeconds(60), "front B sees it recording on a worker", () -> {
      JsonNode s = frontB.status("fleet_test").body();
      return "recording".equals(s.path("state").asText())
          && s.path("worker").asText().matches("w[12]");
    });
    ApiClient.Response active = frontB.get("/api/recording/active");
    assertThat(active.body().path("count").asInt()).isEqualTo(1);
    assertThat(active.body().path("recordings").get(0).path("mint_id").asText())
        .isEqualTo("fleet_test");
    // And a second start of the same id, on the other front, is a conflict
    assertThat(frontB.start("fleet_test").status()).isEqualTo(409);
    // And a quality the fleet does not offer is refused with the reason
    ApiClient.Response high = frontB.post("/api/recording/start",
        "{\"mint_id\":\"fleet_high\",\"video_quality\":\"high\"}");
    assertThat(high.status()).isEqualTo(400);
    assertThat(high.reason()).contains("medium quality only");

    // When it has recorded a few seconds, the guide's stop goes to front B
    Await.until(Duration.ofSeconds(60), "4 s of media uploaded", () -> frontA
        .status("fleet_test").body().path("stats").path("media_duration_ms").asLong() >= 4000);
    ApiClient.Response stopped = frontB.stop("fleet_test");

    // Then it stopped with one complete part, and front A agrees
    JsonNode result = stopped.body();
    assertThat(stopped.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.path("success").asBoolean()).isTrue();
    assertThat(result.path("state").asText()).isEqualTo("stopped");
    assertThat(result.path("parts")).hasSize(1);
    assertThat(result.path("parts").get(0).path("state").asText()).isEqualTo("complete");
    assertThat(frontA.status("fleet_test").body().path("state").asText()).isEqualTo("stopped");
    assertThat(frontA.get("/api/recording/active").body().path("count").asInt()).isZero();

    // And the object, downloaded through the AWS SDK, decodes to the reported duration
    String object = result.path("output_path").asText();
    assertThat(object).startsWith("s3://" + S3Store.BUCKET + "/app/fleet_test/");
    Path file = s3.download(object, dir.resolve("fleet_test.mp4"));
    ProbeReport probe = MediaProbe.probe(file, ProbeOptions.withoutSync());
    assertThat(probe.decodeErrors()).as(probe.summary()).isZero();
    assertThat(probe.fileSizeBytes()).isEqualTo(result.path("file_size").asLong());
    StreamReport video = probe.videoStream().orElseThrow();
    assertThat(video.width()).isEqualTo(640);
    assertThat(video.height()).isEqualTo(360);
    assertThat(probe.durationSeconds()).as(probe.summary())
        .isCloseTo(result.path("media_duration_s").asDouble(), offset(1.0))
        .isGreaterThanOrEqualTo(4.0);
  }

  private Worker worker(String id, List<String> cluster, S3Store s3, Path credentials) {
    List<String> args = new ArrayList<>(List.of("--id", id, "--cpus", "1",
        "--storage", "s3://" + S3Store.BUCKET + "/app",
        "--s3-endpoint", s3.endpoint().toString(), "--s3-credentials-file", credentials.toString(),
        "--upload-interval", "500ms", "--buffer", dir.resolve("buffer-" + id).toString(),
        "--drain-timeout", "20s"));
    args.addAll(cluster);
    return InProcessCommands.worker(args.toArray(String[]::new));
  }

  private RecordingServer front(List<String> cluster) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--size", "640x360",
        "--fps", "30"));
    args.addAll(cluster);
    return InProcessCommands.serve(args.toArray(String[]::new));
  }
}
