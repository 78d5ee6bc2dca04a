package dev.liverec;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a session ended: STOPPED with a complete file, or FAILED with a reason (the file up to the
 * failure is kept and playable).
 *
 * @param mediaDuration media time in the file
 * @param bytes size of the file
 */
public record RecordingResult(
    RecordingState state,
    @Nullable String failureReason,
    Path output,
    Duration mediaDuration,
    long bytes,
    RecordingStats stats) {

  public boolean succeeded() {
    return state == RecordingState.STOPPED;
  }
}
