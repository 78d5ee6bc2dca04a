package dev.liverec.cluster;

import java.nio.file.Path;

/**
 * Starts the recorder of one part: where a worker's recordings run. The library's default records
 * in the worker's JVM; the app plugs in one child process per part.
 */
@FunctionalInterface
public interface PartLauncher {
  /**
   * Starts recording {@code spec}'s part into {@code file} (a fragmented MP4 of the indexed layout,
   * which the worker streams to the store while it grows).
   *
   * @param part 1 for the first part, higher for a continuation
   * @throws RuntimeException when the recorder cannot start; the part then FAILS with the message
   */
  PartRecorder launch(RecordingSpec spec, int part, Path file);

  /** Each part a {@link dev.liverec.RecordingSession} in this JVM, its frames from {@code sources}. */
  static PartLauncher inProcess(SourceFactory sources) {
    return (spec, part, file) -> SessionPartRecorder.start(spec, sources.create(spec, part), file);
  }
}
