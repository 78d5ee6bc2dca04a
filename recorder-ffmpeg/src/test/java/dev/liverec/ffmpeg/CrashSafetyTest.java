package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingRecovery;
import dev.liverec.RecoveryResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a JVM that is recording a live stream, when it is killed with SIGKILL at a random moment,
 * then the file it leaves is not empty and decodes up to within one fragment (1 s) of the kill,
 * and {@link RecordingRecovery} turns it into a normal MP4 with the same media.
 */
class CrashSafetyTest {
  /** One fragment, plus the time the child takes to report its progress. */
  private static final long LOSS_ALLOWED_MS = 1_000 + 150;

  @TempDir Path dir;

  @Test
  void fiveKillsAtRandomMomentsEachLeaveAFilePlayableToWithinOneFragment() throws Exception {
    killAndCheck(5, 20261125L);
  }

  @Test
  @Tag("soak")
  void twentyKillsAtRandomMomentsEachLeaveAFilePlayableToWithinOneFragment() throws Exception {
    killAndCheck(20, 777L);
  }

  private void killAndCheck(int kills, long baseSeed) throws Exception {
    for (int i = 0; i < kills; i++) {
      long seed = baseSeed + i;
      long killAtMs = 1_500 + new SplittableRandom(seed).nextLong(3_000);
      Path out = dir.resolve("killed-" + seed + ".mp4");
      long mediaAtKillMs = recordAndKill(out, killAtMs);
      String context = "seed " + seed + ", killed at " + mediaAtKillMs + " ms of media";

      assertThat(Files.size(out)).as(context + ": file size").isPositive();
      assertThatRecording(out).as(context)
          .hasVideoStream("h264")
          .isPlayableUntil(Duration.ofMillis(mediaAtKillMs - LOSS_ALLOWED_MS));

      Path repaired = dir.resolve("repaired-" + seed + ".mp4");
      RecoveryResult recovered = RecordingRecovery.recover(out, repaired);
      assertThat(recovered.packets()).as(context).isPositive();
      assertThatRecording(repaired).as(context + ", recovered")
          .hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors()
          .hasStrictlyIncreasingTimestamps()
          .isPlayableUntil(Duration.ofMillis(mediaAtKillMs - LOSS_ALLOWED_MS));
    }
  }

  /** Starts a recorder in a child JVM, kills it after {@code killAtMs} of media, returns that. */
  private long recordAndKill(Path out, long killAtMs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = dir.resolve(out.getFileName() + ".err");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), CrashChild.class.getName(), out.toString())
        .redirectError(err.toFile())
        .start();
    long mediaMs = 0;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        mediaMs = Long.parseLong(line.substring("media ".length()));
        if (mediaMs >= killAtMs) {
          break;
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(mediaMs).as("child recorded; stderr: %s", Files.readString(err))
        .isGreaterThanOrEqualTo(killAtMs);
    return mediaMs;
  }
}
