package dev.liverec.app;

import dev.liverec.app.experiments.ExperimentRunner;
import dev.liverec.app.experiments.ExperimentSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverec experiments}: runs the guide's six tests on synthetic scenarios and writes
 * EXPERIMENT_RESULTS.md, metrics.csv and charts. Exit code 0 when every test passed, 1 otherwise.
 */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description = {
        "Run the experiment guide's tests (1 basic, 2 long duration, 3 timestamp gaps, "
            + "4 resolution changes, 5 audio mute, 6 rapid start/stop) against synthetic streams.",
        "Writes OUT/EXPERIMENT_RESULTS.md, OUT/metrics.csv, OUT/charts/*.png, OUT/recordings/*.mp4. "
            + "Exit code 1 when a test fails."})
final class ExperimentsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--tests", split = ",", defaultValue = "1,2,3,4,5,6",
      description = "Tests to run, e.g. 1,3,5 (default all).")
  List<Integer> tests;

  @Option(names = "--long-duration",
      description = "Media length of test 2 (default 4h, or 20m with --fast).")
  @Nullable Duration longDuration;

  @Option(names = "--fast",
      description = "Virtual clock: record as fast as the encoder goes instead of in real time.")
  boolean fast;

  @Option(names = "--out", defaultValue = "results", description = "Results folder (default ${DEFAULT-VALUE}).")
  Path out;

  /** Fewer start/stop cycles in test 6; for the app's own tests. */
  @Option(names = "--rapid-cycles", defaultValue = "10", hidden = true)
  int rapidCycles;

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Duration length = longDuration != null ? longDuration
        : fast ? Duration.ofMinutes(20) : Duration.ofHours(4);
    ExperimentSettings settings;
    try {
      settings = new ExperimentSettings(fast, length, out, rapidCycles);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    LinkedHashSet<Integer> selected = new LinkedHashSet<>(tests);
    if (!ExperimentRunner.testNumbers().containsAll(selected)) {
      throw new ParameterException(spec.commandLine(),
          "--tests: choose from " + ExperimentRunner.testNumbers() + ", got " + tests);
    }
    boolean passed = new ExperimentRunner(settings, spec.commandLine().getErr()).run(selected);
    return passed ? 0 : 1;
  }
}
