package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many sessions at once, many sessions in a row, and a source faster than the encoder. */
class LoadTest {
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void eightConcurrentLiveSessionsStartingAndStoppingAtRandomKeepTheirOwnFiles() throws Exception {
    concurrentSessions(Duration.ofSeconds(8), 1);
  }

  @Test
  @Tag("soak")
  void eightConcurrentLiveSessionsOfSixtySeconds() throws Exception {
    concurrentSessions(Duration.ofSeconds(60), 2);
  }

  /**
   * Eight real-time sessions, each with its own picture size so cross-talk would show, started
   * and stopped at random moments.
   */
  private void concurrentSessions(Duration length, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<RecordingResult>> results = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int width = 160 + 32 * i;
      widths.add(width);
      long delayMs = random.nextLong(length.toMillis() / 4);
      Path out = dir.resolve("concurrent-" + i + ".mp4");
      Scenario scenario = Scenario.builder().name("concurrent-" + i).size(width, 120)
          .playForever().build();
      results.add(pool.submit(() -> {
        Thread.sleep(delayMs);
        try (RecordingSession session = RecordingSession.create(
            RecorderConfig.builder(out).name("concurrent-" + width).build(),
            scenario.source(SourceClock.REAL))) {
          session.start();
          Thread.sleep(length.toMillis() - delayMs);
          return session.stop();
        }
      }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS))
        .as("no deadlock").isTrue();
    for (int i = 0; i < 8; i++) {
      RecordingResult result = results.get(i).get();
      assertThat(result.succeeded()).as("session %d: %s", i, result.failureReason()).isTrue();
      assertThat(result.stats().framesDroppedBackpressure()).as("session %d drops", i).isZero();
      assertThatRecording(result.output()).as("session " + i)
          .hasVideoSize(widths.get(i), 120)
          .decodesWithoutErrors()
          .hasStrictlyIncreasingTimestamps();
    }
  }

  @Test
  void aHundredStartStopCyclesGiveBackThreadsFileDescriptorsAndNativeMemory() throws Exception {
    Scenario tiny = Scenario.builder().name("tiny").size(160, 120)
        .play(Duration.ofMillis(500)).build();
    long threadsBefore = 0;
    long fdsBefore = 0;
    List<Long> rss = new ArrayList<>();
    for (int cycle = 1; cycle <= 100; cycle++) {
      Path out = dir.resolve("cycle-" + cycle + ".mp4");
      ScenarioRecording.Run run = ScenarioRecording.record(tiny, out);
      assertThat(run.result().succeeded()).as("cycle %d", cycle).isTrue();
      Files.delete(out);
      if (cycle == 10) {
        System.gc();
        threadsBefore = Thread.activeCount();
        fdsBefore = openFileDescriptors();
      }
      if (cycle == 10 || cycle == 55 || cycle == 100) {
        System.gc();
        Thread.sleep(200);
        rss.add(ScenarioRecording.rssBytes());
      }
    }
    System.out.println("RSS after sessions 10/55/100: " + rss);
    assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo((int) threadsBefore + 1);
    assertThat(openFileDescriptors()).as("file descriptors").isLessThanOrEqualTo(fdsBefore + 2);
    // malloc keeps some pages in per-thread arenas as sessions come and go, then levels off; a
    // leak keeps growing. So the last 45 sessions must add next to nothing.
    assertThat(rss.get(2) - rss.get(1)).as("RSS growth over sessions 55-100, RSS at 10/55/100 %s",
        rss).isLessThan(12 * MB);
    assertThat(rss.get(2) - rss.get(0)).as("RSS growth over sessions 10-100, RSS at 10/55/100 %s",
        rss).isLessThan(32 * MB);
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void aSourceFourTimesFasterThanTheEncoderIsBoundedByTheQueueAndKeepsItsTimeline()
      throws Exception {
    // 1080p at 120 fps in real time: about four times what libx264 veryfast does on two cores.
    Scenario flood = Scenario.builder().name("flood").size(1920, 1080).frameRate(120)
        .play(Duration.ofSeconds(4)).build();
    Path out = dir.resolve("flood.mp4");
    int capacity = 10;
    int maxDepth = 0;
    RecordingResult result;
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).frameRate(120).queueCapacity(capacity).build(),
        flood.source(SourceClock.REAL))) {
      session.start();
      while (true) {
        var done = session.awaitResult(Duration.ofMillis(20));
        maxDepth = Math.max(maxDepth, session.status().stats().queueDepth());
        if (done.isPresent()) {
          result = done.get();
          break;
        }
      }
    }
    RecordingStats stats = result.stats();
    assertThat(stats.framesDroppedBackpressure()).as("drops counted").isPositive();
    assertThat(stats.videoFramesWritten() + stats.framesDroppedBackpressure())
        .as("every frame is written or counted as dropped").isEqualTo(stats.videoFramesReceived());
    assertThat(maxDepth).as("queue depth (video + audio)").isLessThanOrEqualTo(capacity + 1000);
    assertThatRecording(out).decodesWithoutErrors().hasStrictlyIncreasingTimestamps()
        .hasDurationCloseTo(Duration.ofSeconds(4), Duration.ofMillis(120));
  }
}
