package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Presets;
import dev.liverec.testkit.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guide test 6: ten start/stop cycles of five seconds each give ten playable files, and the
 * threads and native memory the sessions used are given back.
 */
class RapidStartStopTest {
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  /** A session's own threads (its session thread, scale stage, source threads). */
  private static long liverecThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("liverec-"))
        .filter(t -> !t.getName().startsWith(SHARED_POOL)).count();
  }

  /** The recorder's shared pool (it runs sources' close()): reused, idle threads end by themselves. */
  private static final String SHARED_POOL = "liverec-source-close-";

  private static long sharedPoolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(SHARED_POOL)).count();
  }

  private static long settledRss() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    return ScenarioRecording.rssBytes();
  }

  @Test
  void tenCyclesOfFiveSecondsGiveTenPlayableFilesAndLeakNothing() throws Exception {
    Scenario rapid = Presets.rapid();
    List<Path> files = new ArrayList<>();
    long threadsBefore = liverecThreads();
    List<Long> rss = new ArrayList<>();
    for (int cycle = 1; cycle <= 10; cycle++) {
      Path out = dir.resolve("test_rapid_" + cycle + ".mp4");
      ScenarioRecording.Run run = ScenarioRecording.record(rapid, out);
      assertThat(run.result().succeeded()).as("cycle %d", cycle).isTrue();
      files.add(out);
      rss.add(settledRss());
    }
    assertThat(liverecThreads()).as("session and source threads are gone").isEqualTo(threadsBefore);
    assertThat(sharedPoolThreads()).as("the shared pool reuses its threads, one session after "
        + "another").isLessThanOrEqualTo(2);
    // Allocators keep some pages after the first sessions; a leak keeps growing after that.
    assertThat(rss.get(9) - rss.get(3))
        .as("RSS growth over the last six sessions, per-cycle RSS %s", rss).isLessThan(24 * MB);
    for (Path file : files) {
      assertThatRecording(file).hasVideoStream("h264").hasAudioStream("aac")
          .hasVideoFrames(150).hasDurationCloseTo(Duration.ofSeconds(5), Duration.ofMillis(56))
          .decodesWithoutErrors();
    }
  }
}
