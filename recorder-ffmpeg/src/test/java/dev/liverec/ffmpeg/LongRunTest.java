package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.Presets;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Guide test 2, the long run, on the virtual clock at 360p. The default run records 20 minutes
 * of media; {@code mvn -pl recorder-ffmpeg -am verify -Psoak} records the guide's 4 hours. Both
 * write memory and file size every 30 s of media to {@code target/long-run-*.csv} and check that
 * memory stays flat: a recorder whose memory grows with duration fails here.
 */
class LongRunTest {
  private static final long MB = 1024 * 1024;

  @Test
  void twentyMinutesOfMediaKeepMemoryFlatAndTheFileWhole() throws Exception {
    run(Duration.ofMinutes(20));
  }

  @Test
  @Tag("soak")
  void fourHoursOfMediaKeepMemoryFlatAndTheFileWhole() throws Exception {
    run(Duration.ofHours(4));
  }

  private static void run(Duration length) throws Exception {
    Scenario scenario = Presets.longRun(length);
    Path out = Files.createTempFile("liverec-long-", ".mp4");
    Files.delete(out);
    Path csv = Path.of("target", "long-run-" + length.toMinutes() + "min.csv");
    List<long[]> samples = new ArrayList<>();
    long peakMemory = 0;
    RecordingResult result;
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).name("long").build(), scenario.source(SourceClock.VIRTUAL))) {
      session.start();
      long nextSampleMs = 0;
      while (true) {
        var done = session.awaitResult(Duration.ofMillis(100));
        RecordingStats stats = session.status().stats();
        peakMemory = Math.max(peakMemory, ScenarioRecording.memoryBytes());
        if (stats.mediaDurationMs() >= nextSampleMs) {
          samples.add(new long[] {stats.mediaDurationMs() / 1000, stats.bytesWritten(),
              ScenarioRecording.rssBytes(), stats.videoFramesWritten(), stats.packetsWritten(),
              stats.zeroPacketStreak()});
          nextSampleMs += 30_000;
        }
        if (done.isPresent()) {
          result = done.get();
          break;
        }
      }
    }
    writeCsv(csv, samples);
    try {
      assertThat(result.succeeded()).isTrue();
      assertThat(result.stats().maxZeroPacketStreak()).isLessThanOrEqualTo(1);
      assertThat(samples).allSatisfy(s -> assertThat(s[5]).as("zero_packet_streak").isZero());
      long atTwoMinutes = samples.get(Math.min(4, samples.size() - 1))[2];
      long peak = samples.stream().mapToLong(s -> s[2]).max().orElseThrow();
      assertThat(peak - atTwoMinutes).as("RSS growth after the first two minutes, heap fixed and pre-touched (see %s)", csv)
          .isLessThan(48 * MB);
      assertThat(peakMemory).as("memory (heap in use + native) below the guide's 500 MB")
          .isLessThan(500 * MB);
      assertThatRecording(out)
          .hasVideoFrames(scenario.expectedVideoFrames())
          .hasDurationCloseTo(length, Duration.ofMillis(56))
          .hasStrictlyIncreasingTimestamps()
          .decodesWithoutErrors();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void writeCsv(Path csv, List<long[]> samples) throws IOException {
    Files.createDirectories(csv.getParent());
    StringBuilder text = new StringBuilder("Time,FileSize,Memory,Frames,Packets,Streak\n");
    for (long[] s : samples) {
      text.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d%n", s[0], s[1], s[2], s[3], s[4],
          s[5]));
    }
    Files.writeString(csv, text);
  }
}
