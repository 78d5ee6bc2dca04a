package dev.liverec.spi;

import dev.liverec.frame.TrackKind;

/**
 * Observes a session's pipeline, one call per step. Every method is called on the thread where
 * the step happens (frame arrival on the source's thread, the rest on the session thread), must
 * return quickly and must not throw. Each method does nothing by default.
 */
public interface Metrics {
  /** A frame arrived from the source and was queued. */
  default void frameReceived(TrackKind kind) {}

  /** A frame was thrown away instead of written, for {@code reason}. */
  default void frameDropped(TrackKind kind, DropReason reason) {}

  /** A source event arrived. */
  default void sourceEvent(SourceEvent event) {}

  /** The timestamp normaliser repaired a timestamp (backwards, duplicate or wild). */
  default void timestampRepaired(TrackKind kind) {}

  /** The source sent nothing for {@code gapUs} of media time on this track. */
  default void gap(TrackKind kind, long gapUs) {}

  /** A picture arrived whose size differs from the last one. */
  default void resolutionChanged(int width, int height) {}

  /**
   * A video frame went through encode and mux.
   *
   * @param intervalUs distance to the previous frame's timestamp, or -1 for the first frame
   * @param packets packets the encoder produced for it
   * @param processingNanos time from dequeue to muxed
   * @param latencyNanos time from arrival to muxed
   */
  default void videoFrameWritten(
      long ptsUs, long intervalUs, int packets, long processingNanos, long latencyNanos) {}

  /** Audio went to the encoder; {@code silence} when the recorder made it up. */
  default void audioFrameWritten(long ptsUs, long durationUs, boolean silence, int packets) {}

  /** A packet is in the file. */
  default void packetWritten(TrackKind kind, int bytes, long totalBytes) {}

  /** One frame's (or one batch of packets') pass through {@code stage} took {@code nanos}. */
  default void stageTime(Stage stage, long nanos) {}

  /** The encoder was drained (once per session, at stop). */
  default void encoderDrained() {}

  /** No frame arrived for longer than the stall timeout ({@code true}), or frames came back. */
  default void stalled(boolean stalled) {}
}
