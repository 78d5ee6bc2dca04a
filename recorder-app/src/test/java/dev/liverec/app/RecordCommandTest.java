package dev.liverec.app;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code record} and {@code recover} commands, run as a user would, output decoded. */
class RecordCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void recordsAScenarioPresetOnTheVirtualClockAndPrintsJson() throws Exception {
    Path out = dir.resolve("gaps.mp4");

    Run run = run("record", "--source", "synthetic", "--scenario", "gaps", "--fast", "--json",
        "--output", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    var json = Json.MAPPER.readTree(run.out());
    assertThat(json.get("state").asText()).isEqualTo("stopped");
    assertThat(json.get("stats").get("gaps_seen").asInt()).isEqualTo(3);
    assertThat(json.get("stats").get("zero_packet_streak").asInt()).isZero();
    assertThatRecording(out).hasVideoSize(1280, 720).decodesWithoutErrors()
        .hasDurationCloseTo(Scenario.preset("gaps").mediaDuration(), Duration.ofMillis(56));
  }

  /**
   * {@code record --source url:<file>}: a file Debian's ffmpeg wrote (45 frames) is recorded
   * whole through the FFmpeg source the app finds by ServiceLoader, and ends by itself.
   */
  @Test
  void recordsAFileGivenAsAUrlSource() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.liverec.testkit.FfmpegCli.available(),
        "the ffmpeg command is not installed (apt-get install ffmpeg; .ci/run does)");
    Path input = dev.liverec.testkit.FfmpegCli.writeTestPattern(dir.resolve("input.mp4"), 320,
        240, 45, false);
    Path out = dir.resolve("file.mp4");

    Run run = run("record", "--source", "url:" + input, "--json", "--output", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Json.MAPPER.readTree(run.out()).get("state").asText()).isEqualTo("stopped");
    assertThatRecording(out).hasVideoSize(320, 240).decodesWithoutErrors()
        .hasDurationCloseTo(Duration.ofMillis(1500), Duration.ofMillis(50));
  }

  @Test
  void recordRefusesAnAddressNoProviderCanOpen() {
    Run run = run("record", "--source", "url:nosuchproto://host/x", "--output",
        dir.resolve("x.mp4").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no 'nosuchproto' protocol");
  }

  @Test
  void loopbackServerRefusesAnUnknownScenarioBeforeListening() {
    Run run = run("loopback-server", "--port", "0",
        "--api-secret", "a-test-secret-of-at-least-32-characters", "--scenario", "nope");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown scenario 'nope'").contains("gaps");
  }

  @Test
  void refusesAnExistingFileUnlessOverwriteIsGiven() throws Exception {
    Path out = Files.writeString(dir.resolve("taken.mp4"), "x");

    Run refused = run("record", "--duration", "1s", "--size", "320x240", "--fast",
        "--output", out.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("exists");

    Run replaced = run("record", "--duration", "1s", "--size", "320x240", "--fast",
        "--overwrite", "--output", out.toString());
    assertThat(replaced.exit()).as(replaced.err()).isZero();
    assertThatRecording(out).hasVideoSize(320, 240).hasVideoFrames(30);
  }

  @Test
  void liveKitWithoutCredentialsIsAUsageErrorNotAHang() {
    Run run = run("record", "--source", "livekit", "--url", "ws://127.0.0.1:9",
        "--room", "demo", "--output", dir.resolve("lk.mp4").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--api-key");
  }

  @Test
  void recoverTurnsACutFragmentedFileIntoANormalMp4() throws Exception {
    // What a crash leaves: a fragmented MP4 (index up front, then fragments) cut mid-fragment.
    // FFmpeg's own program makes it, so the fixture does not depend on the recorder under test.
    Path whole = dir.resolve("whole.mp4");
    String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    Process make = new ProcessBuilder(ffmpeg, "-v", "error", "-f", "lavfi", "-i",
        "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i", "sine", "-t", "4", "-c:v", "libx264",
        "-g", "30", "-c:a", "aac", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
        whole.toString()).inheritIO().start();
    assertThat(make.waitFor()).isZero();
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(bytes,
        bytes.length * 2 / 3));

    Run run = run("recover", cut.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("recovered");
    assertThatRecording(dir.resolve("cut.recovered.mp4")).hasVideoStream("h264")
        .decodesWithoutErrors().isPlayableUntil(Duration.ofSeconds(1));
  }
}
