package dev.liverec.cluster;

import dev.liverec.RecordingResult;
import dev.liverec.RecordingStatus;

/**
 * What records one part of a recording into the worker's local fragmented MP4 file. The worker
 * streams that file to the store ({@link StreamingUpload}) and reports the recorder's status to
 * Redis; the recorder only writes the file. Two kinds: a {@link dev.liverec.RecordingSession} in
 * the worker's JVM ({@link PartLauncher#inProcess(SourceFactory)}), or one in a child process of
 * its own (the app's {@code liverec worker --isolation process}), whose crash cannot take the
 * worker's other recordings with it.
 */
public interface PartRecorder extends AutoCloseable {
  /** What it is doing now; cheap, never waits for the recorder. */
  RecordingStatus status();

  /**
   * True when the recorder ended without a result of its own: its process was killed or crashed.
   * Its file then holds every fragment it finished; the worker completes the part's object from
   * it and records the rest of the recording as the next part.
   */
  boolean died();

  /**
   * Stops recording and finishes the file (the index of the indexed layout goes into its front);
   * returns within a bounded time, with a FAILED result when the recorder could not stop cleanly.
   */
  RecordingResult stop();

  /** Frees everything; a recorder still running is ended at once (its file keeps whole fragments). */
  @Override
  void close();
}
