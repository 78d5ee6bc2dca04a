package dev.liverec.app.experiments;

import java.time.Duration;
import java.util.List;

/**
 * What one test did and found.
 *
 * @param number the guide's test number
 * @param title the guide's heading
 * @param whatWasRun the procedure in words
 * @param checks pass/fail lines against the guide's expectations
 * @param runs every recording made, with its stats and decoded facts
 * @param csvSamples samples every 30 s of recording (the guide's metrics.csv)
 * @param chartSamples denser samples for the charts
 * @param notes further measured figures worth a line
 * @param wallTime how long the test took
 */
record ExperimentOutcome(
    int number,
    String title,
    String whatWasRun,
    List<Check> checks,
    List<RecordingRun> runs,
    List<MetricSample> csvSamples,
    List<MetricSample> chartSamples,
    List<String> notes,
    Duration wallTime) {

  ExperimentOutcome {
    checks = List.copyOf(checks);
    runs = List.copyOf(runs);
    csvSamples = List.copyOf(csvSamples);
    chartSamples = List.copyOf(chartSamples);
    notes = List.copyOf(notes);
  }

  boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  long failedChecks() {
    return checks.stream().filter(c -> !c.passed()).count();
  }
}
