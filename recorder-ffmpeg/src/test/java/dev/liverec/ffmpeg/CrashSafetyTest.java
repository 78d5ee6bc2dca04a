package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a JVM that is recording a live stream, when it is killed with SIGKILL, then the file it
 * leaves decodes up to within two seconds of the kill: the fragmented MP4 keeps every complete
 * fragment on disk.
 */
class CrashSafetyTest {
  @TempDir Path dir;

  @Test
  void aKilledRecorderLeavesAFileThatPlaysToWithinTwoSecondsOfTheKill() throws Exception {
    Path out = dir.resolve("killed.mp4");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), out.toString())
        .redirectError(dir.resolve("child.err").toFile())
        .start();
    long mediaAtKill = 0;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        mediaAtKill = Long.parseLong(line.substring("media ".length()));
        if (mediaAtKill >= 5) {
          break;
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(mediaAtKill).as("child recorded 5 s; stderr: %s",
        Files.exists(dir.resolve("child.err")) ? Files.readString(dir.resolve("child.err")) : "")
        .isGreaterThanOrEqualTo(5);
    assertThat(Files.size(out)).as("the file is not empty").isPositive();
    assertThatRecording(out)
        .hasVideoStream("h264")
        .isPlayableUntil(Duration.ofSeconds(mediaAtKill - 2));
  }
}
