package dev.liverec.app.experiments;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeException;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one scenario into one file through the public API, the way the guide's curl sequence
 * does (start, wait until the stream is over, stop), sampling stats and memory on the way and
 * decoding the file afterwards.
 */
final class RecordingRunner {
  private static final Logger log = LoggerFactory.getLogger(RecordingRunner.class);

  private final SourceClock clock;

  RecordingRunner(SourceClock clock) {
    this.clock = clock;
  }

  /**
   * Records {@code scenario} into {@code output} (replaced if it exists).
   *
   * @param progress gets the fraction of this recording done
   */
  RecordingRun record(Scenario scenario, Path output, SampleLog samples, Progress progress)
      throws IOException {
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.deleteIfExists(output);
    RecorderConfig config = RecorderConfig.builder(output)
        .name(baseName(output))
        .frameRate(scenario.frameRate())
        .build();
    double expected = scenario.mediaDuration().toMillis() / 1000.0;
    Duration safety = clock == SourceClock.REAL
        ? Duration.ofMillis((long) (expected * 1500) + 60_000)
        : Duration.ofMinutes(60);
    long started = System.nanoTime();
    RecordingResult result;
    try (RecordingSession session = RecordingSession.create(config, scenario.source(clock))) {
      session.start();
      result = await(session, output, samples, progress, expected, started, safety);
    }
    samples.finish(sizeOf(output), result.stats());
    Duration wall = Duration.ofNanos(System.nanoTime() - started);
    ProbeReport probe = null;
    String probeError = null;
    try {
      probe = MediaProbe.probe(output);
    } catch (ProbeException e) {
      probeError = e.getMessage();
      log.warn("could not probe {}: {}", output, e.getMessage());
    }
    return new RecordingRun(scenario, output, result, probe, probeError, wall,
        samples.peakMemoryKb(), samples.peakRetainedKb());
  }

  private RecordingResult await(RecordingSession session, Path output, SampleLog samples,
      Progress progress, double expected, long started, Duration safety) {
    Duration poll = Duration.ofMillis(clock == SourceClock.REAL ? 200 : 50);
    while (true) {
      Optional<RecordingResult> done = session.awaitResult(poll);
      if (done.isPresent()) {
        return done.get();
      }
      RecordingStats stats = session.status().stats();
      samples.observe(sizeOf(output), stats);
      double media = stats.mediaDurationMs() / 1000.0;
      progress.update(media / Math.max(0.001, expected), String.format(Locale.ROOT,
          "%6.1f/%.0f s  %,d frames  %,.1f MB  streak %d", media, expected,
          stats.videoFramesWritten(), sizeOf(output) / 1e6, stats.zeroPacketStreak()));
      if (System.nanoTime() - started > safety.toNanos()) {
        log.warn("{} did not end by itself within {} s; stopping it", output, safety.toSeconds());
        return session.stop();
      }
    }
  }

  private static String baseName(Path output) {
    String name = String.valueOf(output.getFileName());
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  static long sizeOf(@Nullable Path file) {
    try {
      return file != null && Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Receives a recording's progress. */
  @FunctionalInterface
  interface Progress {
    void update(double fraction, String detail);
  }
}
