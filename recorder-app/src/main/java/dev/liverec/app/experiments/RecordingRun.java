package dev.liverec.app.experiments;

import dev.liverec.RecordingResult;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One recording made by a test and what was measured about it.
 *
 * @param scenario what the source played
 * @param output the MP4 file
 * @param result how the session ended, with its final stats
 * @param probe the file decoded by {@link dev.liverec.testkit.MediaProbe}; null if it could not
 *     be opened ({@code probeError} says why)
 * @param probeError why probing failed, else null
 * @param wallTime how long the recording took on the wall clock
 * @param peakMemoryKb highest RSS sampled during the recording, garbage included
 * @param peakRetainedKb highest RSS sampled right after a full GC
 */
record RecordingRun(
    Scenario scenario,
    Path output,
    RecordingResult result,
    @Nullable ProbeReport probe,
    @Nullable String probeError,
    Duration wallTime,
    long peakMemoryKb,
    long peakRetainedKb) {

  /** Media seconds the scenario plays. */
  double expectedSeconds() {
    return scenario.mediaDuration().toMillis() / 1000.0;
  }
}
