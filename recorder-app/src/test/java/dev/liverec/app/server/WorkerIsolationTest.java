package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.app.InProcessCommands;
import dev.liverec.app.Main;
import dev.liverec.cluster.RedisServer;
import dev.liverec.cluster.S3Store;
import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeOptions;
import dev.liverec.testkit.ProbeReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's isolation and test 5, with real processes: a {@code liverec worker} JVM (default
 * {@code --isolation process}: each recording part in a {@code record-part} child JVM), one Redis
 * ({@code redis-server}), one S3 store (S3Proxy, through the AWS SDK) and a {@code serve
 * --cluster} front in this JVM for the guide's calls.
 *
 * <ol>
 *   <li>Three recordings run in three children. One child is killed with SIGKILL (as a native
 *       crash would end it): the other two keep recording; the killed one's object is completed
 *       from the file its child left and the recording goes on as part 2 on the same worker. After
 *       stop every object, downloaded and decoded by FFmpeg, plays; the two untouched recordings
 *       decode to their reported durations, and the media the killed one lost is measured against
 *       them.
 *   <li>SIGTERM on the worker process: it offers no room (a new start gets 503), ends its two
 *       recordings cleanly within its drain time (it is the only worker, so nothing is handed
 *       over), every object is complete and decodes, its children are gone and it exits with 0.
 * </ol>
 */
class WorkerIsolationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aKilledRecorderProcessCostsOnlyItsOwnSecondsAndSigtermDrainsCleanly() throws Exception {
    try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        S3Store s3 = new S3Store(dir.resolve("s3"))) {
      List<String> cluster = List.of("--cluster", redis.uri().toString(),
          "--heartbeat", "500ms", "--heartbeat-ttl", "3s");
      Process worker = startWorker(cluster, s3);
      try (RecordingServer front = InProcessCommands.serve(withCluster(cluster,
          "--port", "0", "--size", "640x360", "--fps", "30"))) {
        ApiClient api = new ApiClient(front.port());
        Await.until(WAIT, "the worker process joined", () ->
            api.get("/health").body().path("live_workers").asInt() == 1);

        killedChild(api, s3, worker);
        sigterm(api, s3, worker);
      } finally {
        worker.destroyForcibly();
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Part (a): SIGKILL of one recorder process. */
  private void killedChild(ApiClient api, S3Store s3, Process worker) throws Exception {
    // Given three recordings, each in a child process of the worker
    List<String> mints = List.of("iso_a", "iso_b", "iso_c");
    for (String mint : mints) {
      assertThat(api.start(mint).status()).isEqualTo(200);
    }
    for (String mint : mints) {
      Await.until(WAIT, mint + " has 3 s of media", () -> mediaMs(api, mint) >= 3000);
    }
    Map<String, ProcessHandle> children = recorderProcesses(worker);
    assertThat(children).as("one recorder process per recording").containsOnlyKeys(mints);

    // When the child recording iso_b is killed with SIGKILL
    long otherA = mediaMs(api, "iso_a");
    long otherC = mediaMs(api, "iso_c");
    long killedAt = System.nanoTime();
    assertThat(children.get("iso_b").destroyForcibly()).isTrue();

    // Then iso_b goes on as part 2 on the same worker within seconds
    Await.until(WAIT, "iso_b recording as part 2", () -> {
      JsonNode s = api.status("iso_b").body();
      return s.path("parts").size() == 2
          && "recording".equals(s.path("parts").get(1).path("state").asText())
          && s.path("stats").path("media_duration_ms").asLong() > 0;
    });
    double continuedAfterS = (System.nanoTime() - killedAt) / 1e9;
    JsonNode b = api.status("iso_b").body();
    assertThat(b.path("state").asText()).isEqualTo("recording");
    assertThat(b.path("parts").get(1).path("worker").asText()).isEqualTo("iso-worker");
    assertThat(continuedAfterS).as("seconds from the kill to part 2 recording").isLessThan(30);
    // And the other two recorded on all along, in the same processes
    assertThat(mediaMs(api, "iso_a")).isGreaterThan(otherA + 1000);
    assertThat(mediaMs(api, "iso_c")).isGreaterThan(otherC + 1000);
    assertThat(children.get("iso_a").isAlive()).isTrue();
    assertThat(children.get("iso_c").isAlive()).isTrue();
    Await.until(WAIT, "iso_b part 1 completed from the file its child left", () ->
        "complete".equals(api.status("iso_b").body().path("parts").get(0).path("state").asText()));
    Await.until(WAIT, "iso_b part 2 has 2 s of media", () -> api.status("iso_b").body()
        .path("parts").get(1).path("media_duration_s").asDouble() >= 2.0);

    // When all three are stopped
    Map<String, JsonNode> stopped = new TreeMap<>();
    for (String mint : mints) {
      ApiClient.Response r = api.stop(mint);
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
      stopped.put(mint, r.body());
    }

    // Then the untouched two are one complete part each, decoding to their reported duration
    double reference = 0;
    for (String mint : List.of("iso_a", "iso_c")) {
      JsonNode r = stopped.get(mint);
      assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("stopped");
      assertThat(r.path("parts")).hasSize(1);
      ProbeReport probe = decode(s3, r.path("parts").get(0));
      assertThat(probe.durationSeconds()).as(probe.summary())
          .isCloseTo(r.path("media_duration_s").asDouble(), offset(1.0));
      reference += probe.durationSeconds() / 2;
    }
    // And the killed one's two parts both decode; what it lost is measured against the other two
    JsonNode killed = stopped.get("iso_b");
    assertThat(killed.path("state").asText()).as(killed.toString()).isEqualTo("stopped");
    assertThat(killed.path("parts")).hasSize(2);
    double kept = 0;
    for (JsonNode part : killed.path("parts")) {
      assertThat(part.path("state").asText()).as(part.toString()).isEqualTo("complete");
      kept += decode(s3, part).durationSeconds();
    }
    double lost = reference - kept;
    System.out.printf(java.util.Locale.ROOT, "WorkerIsolationTest: part 2 recorded %.1f s after "
        + "the kill; iso_b decodes to %.2f s in two parts against %.2f s for its untouched "
        + "neighbours: %.2f s of media lost (gap %.2f s)%n", continuedAfterS, kept, reference,
        lost, killed.path("parts").get(1).path("gap_before_s").asDouble());
    assertThat(lost).as("media lost by the killed recording, s").isLessThan(20);
  }

  /** Part (b), issue 15 test 5: SIGTERM on the worker process. */
  private void sigterm(ApiClient api, S3Store s3, Process worker) throws Exception {
    // Given two recordings on the worker
    List<String> mints = List.of("term_a", "term_b");
    for (String mint : mints) {
      assertThat(api.start(mint).status()).isEqualTo(200);
    }
    for (String mint : mints) {
      Await.until(WAIT, mint + " has 2 s of media", () -> mediaMs(api, mint) >= 2000);
    }
    List<ProcessHandle> children = worker.descendants().toList();
    assertThat(children).hasSizeGreaterThanOrEqualTo(2);

    // When the worker gets SIGTERM
    long termAt = System.nanoTime();
    worker.destroy();

    // Then it takes no new work: a start meanwhile is refused with the reason
    Await.until(WAIT, "the worker says it drains", () ->
        api.get("/health").body().path("workers").path(0).path("draining").asBoolean()
            || !worker.isAlive());
    ApiClient.Response refused = api.start("term_late");
    assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
    // And it exits with 0 within its drain time (20 s) plus the bound on leaving (15 s)
    assertThat(worker.waitFor(35, TimeUnit.SECONDS)).as("worker exited").isTrue();
    assertThat(worker.exitValue()).as("worker exit code").isZero();
    System.out.printf(java.util.Locale.ROOT, "WorkerIsolationTest: SIGTERM to exit %.1f s%n",
        (System.nanoTime() - termAt) / 1e9);
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    // And each recording ended cleanly, its one object complete and decoding to its duration
    for (String mint : mints) {
      JsonNode s = api.status(mint).body();
      assertThat(s.path("state").asText()).as(s.toString()).isEqualTo("stopped");
      assertThat(s.path("parts")).hasSize(1);
      assertThat(s.path("parts").get(0).path("state").asText()).isEqualTo("complete");
      ProbeReport probe = decode(s3, s.path("parts").get(0));
      assertThat(probe.durationSeconds()).as(probe.summary())
          .isCloseTo(s.path("media_duration_s").asDouble(), offset(1.0))
          .isGreaterThanOrEqualTo(2.0);
    }
    // And its buffer holds no recording any more
    try (Stream<Path> left = Files.list(dir.resolve("buffer"))) {
      assertThat(left.filter(p -> p.toString().endsWith(".mp4"))).isEmpty();
    }
  }

  private Process startWorker(List<String> cluster, S3Store s3) throws Exception {
    Path credentials = Files.writeString(dir.resolve("s3.credentials"),
        "access_key=" + S3Store.ACCESS + "\nsecret_key=" + S3Store.SECRET + "\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
        "-Dliverec.logs=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "worker", "--id", "iso-worker", "--cpus", "1",
        "--storage", "s3://" + S3Store.BUCKET + "/iso", "--s3-endpoint", s3.endpoint().toString(),
        "--s3-credentials-file", credentials.toString(), "--upload-interval", "500ms",
        "--buffer", dir.resolve("buffer").toString(), "--drain-timeout", "20s"));
    command.addAll(cluster);
    File log = dir.resolve("worker.log").toFile();
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log).start();
  }

  /** The worker's recorder processes by the mint_id their command line names first. */
  private static Map<String, ProcessHandle> recorderProcesses(Process worker) {
    Map<String, ProcessHandle> byMint = new TreeMap<>();
    java.util.regex.Pattern part = java.util.regex.Pattern.compile("-Dliverec\\.part=([^/ ]+)/");
    worker.children().filter(ProcessHandle::isAlive).forEach(child -> {
      // the command line (a long class path cuts it short, not this flag before it)
      java.util.regex.Matcher m = part.matcher(child.info().commandLine().orElse(""));
      if (m.find()) {
        byMint.put(m.group(1), child);
      }
    });
    return byMint;
  }

  private ProbeReport decode(S3Store s3, JsonNode part) {
    String object = part.path("object").asText();
    Path file = s3.download(object, dir.resolve(object.replaceAll("[^A-Za-z0-9_.-]", "_")));
    ProbeReport probe = MediaProbe.probe(file, ProbeOptions.withoutSync());
    assertThat(probe.decodeErrors()).as(probe.summary()).isZero();
    assertThat(probe.fileSizeBytes()).as(object).isEqualTo(part.path("bytes").asLong());
    assertThat(probe.videoFrameCount()).as(probe.summary()).isPositive();
    return probe;
  }

  private static long mediaMs(ApiClient api, String mint) throws Exception {
    return api.status(mint).body().path("stats").path("media_duration_ms").asLong();
  }

  private static String[] withCluster(List<String> cluster, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(cluster);
    return all.toArray(String[]::new);
  }
}
