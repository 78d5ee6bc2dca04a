package dev.liverec.cluster;

import dev.liverec.spi.FrameSource;

/** Where a worker's recordings get their frames: a new, not yet started source per part. */
@FunctionalInterface
public interface SourceFactory {
  /**
   * The live stream for this recording.
   *
   * @param part 1 for the first part, higher for a continuation on another worker
   * @throws RuntimeException when no stream can be found; the recording then FAILS with the message
   */
  FrameSource create(RecordingSpec spec, int part);
}
