package dev.liverec.ffmpeg;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Test helper: records a scenario through the public API and reports peak memory. */
final class Recorder {
  record Run(RecordingResult result, long peakRssBytes, long startRssBytes) {}

  private Recorder() {}

  static Run record(Scenario scenario, Path output) {
    return record(scenario, output, b -> b);
  }

  static Run record(Scenario scenario, Path output, UnaryOperator<RecorderConfig.Builder> tweak) {
    RecorderConfig config = tweak.apply(RecorderConfig.builder(output)
        .frameRate(scenario.frameRate())
        .name(scenario.name())).build();
    long start = memoryBytes();
    long peak = start;
    try (RecordingSession session =
        RecordingSession.create(config, scenario.source(SourceClock.VIRTUAL))) {
      session.start();
      while (true) {
        var done = session.awaitResult(Duration.ofMillis(250));
        peak = Math.max(peak, memoryBytes());
        if (done.isPresent()) {
          return new Run(done.get(), peak, start);
        }
      }
    }
  }

  /**
   * Memory the process really uses: resident set size, counting of the Java heap only what is in
   * use (the test JVM pre-touches a fixed heap, so all of it is resident from the start and would
   * hide native growth).
   */
  static long memoryBytes() {
    var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return rssBytes() - heap.getCommitted() + heap.getUsed();
  }

  /** Resident set size of this JVM, from /proc. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
