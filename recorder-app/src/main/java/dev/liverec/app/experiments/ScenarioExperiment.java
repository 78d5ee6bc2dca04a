package dev.liverec.app.experiments;

import dev.liverec.testkit.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A test that records one scenario once, like the guide's tests 1 to 5: start, let the stream
 * play, stop, decode; then the common checks plus the test's own.
 */
final class ScenarioExperiment implements Experiment {
  /** The test's own checks on its recording. */
  @FunctionalInterface
  interface ExtraChecks {
    List<Check> apply(RecordingRun run, SampleLog samples);
  }

  private final int number;
  private final String title;
  private final String procedure;
  private final Function<ExperimentSettings, Scenario> scenario;
  private final double maxSourceGapSeconds;
  private final ExtraChecks extraChecks;

  /**
   * @param procedure what the test does, in words, before the common part
   * @param maxSourceGapSeconds the longest pause the scenario makes on purpose
   */
  ScenarioExperiment(int number, String title, String procedure,
      Function<ExperimentSettings, Scenario> scenario, double maxSourceGapSeconds,
      ExtraChecks extraChecks) {
    this.number = number;
    this.title = title;
    this.procedure = procedure;
    this.scenario = scenario;
    this.maxSourceGapSeconds = maxSourceGapSeconds;
    this.extraChecks = extraChecks;
  }

  @Override
  public int number() {
    return number;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public ExperimentOutcome run(ExperimentSettings settings, ProgressBar progress)
      throws IOException {
    long started = System.nanoTime();
    Scenario s = scenario.apply(settings);
    Path output = settings.recordings().resolve("test" + number + "_" + s.name() + ".mp4");
    double expected = s.mediaDuration().toMillis() / 1000.0;
    SampleLog samples = new SampleLog(expected);
    RecordingRun run = new RecordingRunner(settings.clock())
        .record(s, output, samples, progress::update);
    List<Check> checks = new ArrayList<>(Checks.common(run, samples.chartSamples(), maxSourceGapSeconds));
    checks.addAll(extraChecks.apply(run, samples));
    String what = String.format(Locale.ROOT,
        "%s Scenario `%s`: %.1f s of media starting at %dx%d@%d with %s, on the %s, recorded "
            + "through `RecordingSession` into `%s`, stopped when the stream ended, then decoded.",
        procedure, s.name(), expected, s.width(), s.height(), s.frameRate(),
        s.hasAudio() ? "48 kHz stereo audio" : "no audio", settings.clockDescription(),
        settings.out().relativize(output));
    return new ExperimentOutcome(number, title, what, checks, List.of(run), samples.csvSamples(),
        samples.chartSamples(), List.of(), Duration.ofNanos(System.nanoTime() - started));
  }
}
