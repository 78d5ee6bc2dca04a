package dev.liverec.ffmpeg;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.ProcessMemory;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Test helper: records a scenario through the public API and reports peak memory. */
final class ScenarioRecording {
  record Run(RecordingResult result, long peakRssBytes, long startRssBytes) {}

  private ScenarioRecording() {}

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

  /** Native memory plus live heap objects; see {@link ProcessMemory#inUseBytes()}. */
  static long memoryBytes() {
    return ProcessMemory.inUseBytes();
  }

  /** Resident set size of this JVM. */
  static long rssBytes() {
    return ProcessMemory.residentBytes();
  }
}
