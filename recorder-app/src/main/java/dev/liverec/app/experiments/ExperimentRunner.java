package dev.liverec.app.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a selection of the guide's tests and writes the results folder:
 *
 * <ul>
 *   <li>{@code EXPERIMENT_RESULTS.md}: per test what ran, pass/fail, figures, decoded file facts
 *   <li>{@code metrics.csv}: the guide's columns, every 30 s of recording, for test 2 when it ran
 *       (else the first test run); {@code metrics-test{N}.csv} for every test
 *   <li>{@code charts/test{N}-memory.png}, {@code charts/test{N}-filesize.png}
 *   <li>{@code recordings/}: the MP4 files
 * </ul>
 */
public final class ExperimentRunner {
  private static final Logger log = LoggerFactory.getLogger(ExperimentRunner.class);
  /** The report's file name, as the guide calls it. */
  public static final String REPORT = "EXPERIMENT_RESULTS.md";

  private final ExperimentSettings settings;
  private final PrintWriter err;

  public ExperimentRunner(ExperimentSettings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  /** The test numbers there are. */
  public static Set<Integer> testNumbers() {
    Set<Integer> numbers = new TreeSet<>();
    GuideExperiments.all().forEach(e -> numbers.add(e.number()));
    return numbers;
  }

  /**
   * Runs the given tests in the guide's order and writes the results.
   *
   * @return true when every check of every test passed
   * @throws IllegalArgumentException for a test number that does not exist
   * @throws IOException when the results cannot be written
   */
  public boolean run(Set<Integer> tests) throws IOException {
    for (int n : tests) {
      if (!testNumbers().contains(n)) {
        throw new IllegalArgumentException("there is no test " + n + "; the guide has tests "
            + testNumbers());
      }
    }
    Files.createDirectories(settings.recordings());
    Path charts = Files.createDirectories(settings.out().resolve("charts"));
    List<ExperimentOutcome> outcomes = new ArrayList<>();
    for (Experiment experiment : GuideExperiments.all()) {
      if (tests.contains(experiment.number())) {
        outcomes.add(runOne(experiment));
      }
    }
    Map<Integer, ReportWriter.Artefacts> artefacts = new LinkedHashMap<>();
    for (ExperimentOutcome o : outcomes) {
      String csv = "metrics-test" + o.number() + ".csv";
      MetricsCsv.write(settings.out().resolve(csv), o.csvSamples());
      String title = "Test " + o.number() + ": " + o.title();
      Charts.memory(charts.resolve("test" + o.number() + "-memory.png"), title + " - memory",
          o.chartSamples(), o.csvSamples());
      Charts.fileSize(charts.resolve("test" + o.number() + "-filesize.png"),
          title + " - file size", o.chartSamples());
      artefacts.put(o.number(), new ReportWriter.Artefacts(csv,
          "charts/test" + o.number() + "-memory.png", "charts/test" + o.number() + "-filesize.png"));
    }
    String csvNote = "No test ran: metrics.csv is empty.";
    if (!outcomes.isEmpty()) {
      ExperimentOutcome main = outcomes.stream().filter(o -> o.number() == 2).findFirst()
          .orElse(outcomes.get(0));
      MetricsCsv.write(settings.out().resolve("metrics.csv"), main.csvSamples());
      csvNote = "[metrics.csv](metrics.csv) holds test " + main.number() + "'s samples (the guide's "
          + "columns: Time in s of recording, FileSize in bytes, Memory in KB RSS, Frames, "
          + "Packets, Streak, every 30 s and at the end); each test has its own metrics-test{N}.csv.";
    }
    ReportWriter.write(settings.out().resolve(REPORT), settings, outcomes, artefacts, csvNote);
    boolean passed = outcomes.stream().allMatch(ExperimentOutcome::passed);
    err.printf(Locale.ROOT, "%s: %s%n", passed ? "PASS" : "FAIL",
        settings.out().resolve(REPORT).toAbsolutePath());
    err.flush();
    return passed;
  }

  private ExperimentOutcome runOne(Experiment experiment) {
    String label = String.format(Locale.ROOT, "Test %d %-12s", experiment.number(),
        shortName(experiment.title()));
    ProgressBar bar = new ProgressBar(err, label);
    long started = System.nanoTime();
    log.info("experiment {} ({}) starting", experiment.number(), experiment.title());
    ExperimentOutcome outcome;
    try {
      outcome = experiment.run(settings, bar);
    } catch (IOException | RuntimeException e) {
      log.error("experiment {} failed to run", experiment.number(), e);
      outcome = new ExperimentOutcome(experiment.number(), experiment.title(),
          "The test could not run to its end.",
          List.of(new Check("ran", "the test runs to its end", String.valueOf(e), false)),
          List.of(), List.of(), List.of(), List.of(), Duration.ofNanos(System.nanoTime() - started));
    }
    bar.finish(String.format(Locale.ROOT, "%s  %d/%d checks  %.1f s",
        outcome.passed() ? "PASS" : "FAIL", outcome.checks().size() - outcome.failedChecks(),
        outcome.checks().size(), outcome.wallTime().toMillis() / 1000.0));
    log.info("experiment {} {}", experiment.number(), outcome.passed() ? "passed" : "failed");
    return outcome;
  }

  private static String shortName(String title) {
    int paren = title.indexOf(" (");
    String s = paren > 0 ? title.substring(0, paren) : title;
    return s.length() > 12 ? s.substring(0, 12) : s;
  }
}
