package dev.liverec.app.experiments;

import dev.liverec.testkit.SourceClock;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the experiments run.
 *
 * @param fast virtual clock: the source sends as fast as the recorder takes frames, so media time
 *     runs ahead of the wall clock and nothing is dropped
 * @param longDuration media length of test 2 (the guide: 4 h)
 * @param out folder for the report, CSV files, charts and recordings
 * @param rapidCycles start/stop cycles of test 6 (the guide: 10)
 */
public record ExperimentSettings(boolean fast, Duration longDuration, Path out, int rapidCycles) {
  public ExperimentSettings {
    if (longDuration.toSeconds() < 1) {
      throw new IllegalArgumentException("the long duration must be at least 1 s");
    }
    if (rapidCycles < 1 || rapidCycles > 1000) {
      throw new IllegalArgumentException("rapid cycles must be within 1..1000");
    }
  }

  SourceClock clock() {
    return fast ? SourceClock.VIRTUAL : SourceClock.REAL;
  }

  Path recordings() {
    return out.resolve("recordings");
  }

  String clockDescription() {
    return fast
        ? "virtual clock (--fast: the source sends as fast as the recorder takes frames)"
        : "real clock (frames sent live, as a stream would)";
  }
}
