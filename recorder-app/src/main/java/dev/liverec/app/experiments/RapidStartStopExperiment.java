package dev.liverec.app.experiments;

import dev.liverec.testkit.Presets;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The guide's test 6: ten cycles of start, record 5 s, stop, pause; every file must be complete
 * and memory and threads must come back to where they were.
 */
final class RapidStartStopExperiment implements Experiment {
  /** RSS growth from the first to the last cycle that still counts as "no leak". */
  static final double MEMORY_GROWTH_LIMIT_MB = 64;
  /** Threads that may outlive the cycles (JIT, GC helpers appear on demand). */
  static final int THREAD_GROWTH_LIMIT = 2;

  @Override
  public int number() {
    return 6;
  }

  @Override
  public String title() {
    return "Rapid Start/Stop";
  }

  @Override
  public ExperimentOutcome run(ExperimentSettings settings, ProgressBar progress)
      throws IOException {
    long started = System.nanoTime();
    Scenario scenario = Presets.rapid();
    int cycles = settings.rapidCycles();
    double cycleSeconds = scenario.mediaDuration().toMillis() / 1000.0;
    Duration pause = settings.clock() == SourceClock.REAL ? Duration.ofSeconds(2) : Duration.ofMillis(200);
    SampleLog samples = new SampleLog(cycles * cycleSeconds);
    RecordingRunner runner = new RecordingRunner(settings.clock());
    int threadsBefore = Thread.activeCount();
    List<RecordingRun> runs = new ArrayList<>();
    List<Long> memoryAfterCycleKb = new ArrayList<>();
    for (int i = 1; i <= cycles; i++) {
      Path output = settings.recordings().resolve("test6_rapid_" + i + ".mp4");
      int cycle = i;
      RecordingRun run = runner.record(scenario, output, samples, (fraction, detail) ->
          progress.update((cycle - 1 + Math.min(1, fraction)) / cycles,
              "cycle " + cycle + "/" + cycles + " " + detail));
      runs.add(run);
      samples.continueAfter(run.result().stats().mediaDurationMs() / 1000.0);
      sleep(pause);
      memoryAfterCycleKb.add(MemoryProbe.retainedRssKb());
    }
    int threadsAfter = Thread.activeCount();
    List<Check> checks = checks(runs, memoryAfterCycleKb, threadsBefore, threadsAfter, cycleSeconds);
    String what = String.format(Locale.ROOT,
        "%d cycles of: start a recording of scenario `%s` (%.0f s of %dx%d@%d with audio), let it "
            + "record, stop, pause %d ms; on the %s. Files `recordings/test6_rapid_{1..%d}.mp4`.",
        cycles, scenario.name(), cycleSeconds, scenario.width(), scenario.height(),
        scenario.frameRate(), pause.toMillis(), settings.clockDescription(), cycles);
    List<String> notes = new ArrayList<>();
    StringBuilder memory = new StringBuilder("RSS after each cycle, after a full GC (MB):");
    for (long kb : memoryAfterCycleKb) {
      memory.append(String.format(Locale.ROOT, " %.0f", kb / 1024.0));
    }
    notes.add(memory.toString());
    notes.add("Threads: " + threadsBefore + " before the cycles, " + threadsAfter + " after.");
    return new ExperimentOutcome(6, title(), what, checks, runs, samples.csvSamples(),
        samples.chartSamples(), notes, Duration.ofNanos(System.nanoTime() - started));
  }

  private static List<Check> checks(List<RecordingRun> runs, List<Long> memoryKb, int threadsBefore,
      int threadsAfter, double cycleSeconds) {
    List<Check> checks = new ArrayList<>();
    long stopped = runs.stream().filter(r -> r.result().succeeded()).count();
    checks.add(new Check("sessions", "every cycle ends STOPPED (.success true)",
        stopped + " of " + runs.size(), stopped == runs.size()));
    long complete = runs.stream().filter(r -> complete(r.probe(), cycleSeconds)).count();
    checks.add(new Check("files", String.format(Locale.ROOT,
        "every file decodes cleanly with video and audio, %.0f s ± 0.5 s", cycleSeconds),
        complete + " of " + runs.size(), complete == runs.size()));
    long streakFree = runs.stream()
        .filter(r -> r.result().stats().zeroPacketStreak() == 0
            && r.result().stats().maxZeroPacketStreak() <= Checks.STREAK_LIMIT)
        .count();
    checks.add(new Check("zero_packet_streak", "0 at the end of every cycle",
        streakFree + " of " + runs.size(), streakFree == runs.size()));
    long peak = runs.stream().mapToLong(RecordingRun::peakMemoryKb).max().orElse(0);
    long retained = Math.max(runs.stream().mapToLong(RecordingRun::peakRetainedKb).max().orElse(0),
        memoryKb.stream().mapToLong(Long::longValue).max().orElse(0));
    checks.add(Checks.memory(retained, peak));
    double growthMb = (memoryKb.get(memoryKb.size() - 1) - memoryKb.get(0)) / 1024.0;
    checks.add(new Check("memory growth", String.format(Locale.ROOT,
        "<= %.0f MB from the first cycle to the last", MEMORY_GROWTH_LIMIT_MB),
        String.format(Locale.ROOT, "%+.1f MB", growthMb), growthMb <= MEMORY_GROWTH_LIMIT_MB));
    checks.add(new Check("threads", "back to the count before the cycles (+" + THREAD_GROWTH_LIMIT + ")",
        threadsBefore + " -> " + threadsAfter, threadsAfter <= threadsBefore + THREAD_GROWTH_LIMIT));
    double worstOffset = runs.stream().filter(r -> r.probe() != null)
        .mapToDouble(r -> r.probe().sync().maxAbsOffsetMillis()).max().orElse(Double.NaN);
    checks.add(new Check("A/V offset", String.format(Locale.ROOT, "<= %.0f ms in every file",
        Checks.AV_OFFSET_LIMIT_MS), String.format(Locale.ROOT, "worst %.1f ms", worstOffset),
        worstOffset <= Checks.AV_OFFSET_LIMIT_MS));
    return checks;
  }

  private static boolean complete(@Nullable ProbeReport probe, double expectedSeconds) {
    return probe != null && probe.decodeErrors() == 0 && probe.scanStopReason() == null
        && probe.videoStream().isPresent() && probe.audioStream().isPresent()
        && Math.abs(probe.durationSeconds() - expectedSeconds) <= 0.5;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
