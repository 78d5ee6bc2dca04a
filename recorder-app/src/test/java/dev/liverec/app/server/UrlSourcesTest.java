package dev.liverec.app.server;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.testkit.FfmpegCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --source url --url-template ...}: the guide's API over streams FFmpeg opens. Given
 * an archive folder with one file per camera (written by Debian's ffmpeg), when a mint_id is
 * started, then its own file is recorded whole (a file is not live: every frame, and the
 * recording ends by itself at its end), and a mint_id with no file is a 404 that says why.
 */
class UrlSourcesTest {
  @TempDir Path root;

  @Test
  void eachMintIdRecordsItsOwnStreamAndOneWithoutAStreamIsA404() throws Exception {
    assumeTrue(FfmpegCli.available(), "the ffmpeg command is not installed (apt-get install "
        + "ffmpeg; .ci/run does)");
    Path archive = Files.createDirectories(root.resolve("archive"));
    FfmpegCli.writeTestPattern(archive.resolve("cam1.mkv"), 320, 240, 60, true);
    FfmpegCli.writeTestPattern(archive.resolve("cam2.mkv"), 480, 270, 30, false);

    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, root.resolve("rec")).withMinFreeBytes(0),
        UrlSourceFactory.of(archive + "/{mint_id}.mkv"))) {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Response one = api.start("cam1");
      ApiClient.Response two = api.start("cam2");
      ApiClient.Response none = api.start("cam3");

      assertThat(one.status()).as(one.body().toString()).isEqualTo(200);
      assertThat(two.status()).as(two.body().toString()).isEqualTo(200);
      assertThat(none.status()).isEqualTo(404);
      assertThat(none.body().toString()).contains("no stream for mint_id cam3", "no such file");
      for (String id : new String[] {"cam1", "cam2"}) {
        ApiClient.Response status = awaitEnded(api, id);
        assertThat(status.body().path("state").asText()).as(id).isEqualTo("stopped");
        assertThat(status.body().path("stats").path("drops").path("video_queue_full").asLong())
            .as("a file is held back, never dropped").isZero();
      }
      assertThatRecording(Path.of(api.status("cam1").body().path("output_path").asText()))
          .hasVideoSize(320, 240).hasVideoFrames(60).hasAudioStream("aac")
          .hasDurationCloseTo(Duration.ofSeconds(2), Duration.ofMillis(100))
          .hasStrictlyIncreasingTimestamps().decodesWithoutErrors();
      assertThatRecording(Path.of(api.status("cam2").body().path("output_path").asText()))
          .hasVideoSize(480, 270).hasVideoFrames(30)
          .hasDurationCloseTo(Duration.ofSeconds(1), Duration.ofMillis(100))
          .decodesWithoutErrors();
    }
  }

  /** The status once the recording has ended by itself (a file's end), waiting at most 60 s. */
  private static ApiClient.Response awaitEnded(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    ApiClient.Response status = api.status(id);
    while (status.body().path("state").asText().equals("recording")
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = api.status(id);
    }
    return status;
  }
}
