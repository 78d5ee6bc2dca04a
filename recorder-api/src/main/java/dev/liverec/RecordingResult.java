package dev.liverec;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a session ended: STOPPED with a complete file, or FAILED with its typed cause (the file up
 * to the failure is kept and playable).
 *
 * @param failureReason the failure's message, or null when it did not fail
 * @param mediaDuration media time in the file
 * @param bytes size of the file
 * @param endReason why the recording ended by itself: the source ended the stream (its reason),
 *     or the maximum duration was reached, by media time ({@code "reached 42 s of media"}) or, for
 *     a live source that went quiet, by the clock ({@code "reached 42 s by the clock; no video
 *     frame for the last 3.1 s ..."}); null when it was stopped or failed
 * @param failure the typed cause of a failure ({@link RecordingFailedException}, {@link
 *     OutputNotWritableException}, a source's own exception...), or null when it did not fail
 */
public record RecordingResult(
    RecordingState state,
    @Nullable String failureReason,
    Path output,
    Duration mediaDuration,
    long bytes,
    RecordingStats stats,
    @Nullable String endReason,
    @Nullable LiverecException failure) {

  /** A result without an end reason or typed cause. */
  public RecordingResult(
      RecordingState state,
      @Nullable String failureReason,
      Path output,
      Duration mediaDuration,
      long bytes,
      RecordingStats stats) {
    this(state, failureReason, output, mediaDuration, bytes, stats, null, null);
  }

  public boolean succeeded() {
    return state == RecordingState.STOPPED;
  }
}
