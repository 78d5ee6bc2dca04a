package dev.liverec;

/**
 * A snapshot of a session's counters. The first eleven fields are the ones the original
 * service's status endpoint showed; a host app serialising this record in snake_case gets the
 * same JSON names ({@code video_frames_received}, {@code zero_packet_streak}, ...).
 *
 * @param videoFramesReceived video frames the source handed over
 * @param videoFramesWritten video frames encoded into the file
 * @param audioFramesReceived audio frames the source handed over
 * @param audioFramesWritten audio frames encoded, real and silence
 * @param packetsWritten packets in the file, both streams
 * @param zeroPacketStreak video frames in a row, up to now, that produced no packet (0 when healthy)
 * @param encoderFlushCount times the encoder was drained: 0 while recording, 1 after stop
 * @param ptsJitterAvgMs mean distance of frame spacing from the nominal interval, in ms
 * @param ptsJitterMaxMs largest such distance, gaps excluded, in ms
 * @param framesDroppedBackpressure video frames a live source's full queue dropped (oldest first)
 * @param avgFrameProcessingMs mean time from dequeue to muxed per video frame, in ms
 * @param maxZeroPacketStreak longest zero-packet streak after the first packet
 * @param silenceFramesWritten audio frames the recorder made up (mute, missing or late audio)
 * @param audioFramesDropped audio frames dropped, for any reason ({@link #drops()} tells which)
 * @param frameProcessingP50Ms median dequeue-to-muxed time
 * @param frameProcessingP99Ms 99th percentile dequeue-to-muxed time
 * @param frameLatencyP50Ms median time from hand-over to muxed
 * @param frameLatencyP99Ms 99th percentile time from hand-over to muxed
 * @param bytesWritten bytes in the file so far
 * @param mediaDurationMs media time recorded so far
 * @param queueDepth frames waiting for the encoder now
 * @param encoderName video codec implementation in use, e.g. {@code libx264}
 * @param timestampRepairs timestamps repaired (backwards, duplicate, wild)
 * @param gapsSeen stretches with no video longer than three frame intervals
 * @param longestGapMs longest such stretch
 * @param resolutionChanges times the incoming picture size changed
 * @param outputWidth encoded width (0 before the first frame)
 * @param outputHeight encoded height (0 before the first frame)
 * @param stalled true while no frame has arrived for longer than the stall timeout
 * @param drops every frame thrown away, by track and reason
 * @param stages time spent in each named pipeline stage (scale, resample, encode, mux)
 */
public record RecordingStats(
    long videoFramesReceived,
    long videoFramesWritten,
    long audioFramesReceived,
    long audioFramesWritten,
    long packetsWritten,
    long zeroPacketStreak,
    long encoderFlushCount,
    double ptsJitterAvgMs,
    double ptsJitterMaxMs,
    long framesDroppedBackpressure,
    double avgFrameProcessingMs,
    long maxZeroPacketStreak,
    long silenceFramesWritten,
    long audioFramesDropped,
    double frameProcessingP50Ms,
    double frameProcessingP99Ms,
    double frameLatencyP50Ms,
    double frameLatencyP99Ms,
    long bytesWritten,
    long mediaDurationMs,
    int queueDepth,
    String encoderName,
    long timestampRepairs,
    long gapsSeen,
    long longestGapMs,
    long resolutionChanges,
    int outputWidth,
    int outputHeight,
    boolean stalled,
    Drops drops,
    Stages stages) {

  /**
   * Frames thrown away instead of written, by track and {@link dev.liverec.spi.DropReason}.
   *
   * @param videoQueueFull video a live source's full queue dropped, oldest first
   * @param videoAfterClose video that arrived after the session stopped taking frames
   * @param videoAtStop video still queued when the session ended (a stop past half its timeout,
   *     or a failure)
   * @param audioQueueFull audio past the audio queue's hard bound
   * @param audioAfterClose audio that arrived after the session stopped taking frames
   * @param audioAtStop audio still queued when the session ended
   * @param audioBeforeFirstVideo audio captured before the first picture, where the file begins
   * @param audioOverlap audio overlapping audio already written
   */
  public record Drops(
      long videoQueueFull,
      long videoAfterClose,
      long videoAtStop,
      long audioQueueFull,
      long audioAfterClose,
      long audioAtStop,
      long audioBeforeFirstVideo,
      long audioOverlap) {
    /** No drops at all. */
    public static final Drops NONE = new Drops(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Time spent in each {@link dev.liverec.spi.Stage} on the session thread, so a slow recording
   * says where its time goes.
   *
   * @param scale pictures made into the encoder's (conversion and scaling)
   * @param resample sound made into the encoder's rate, channels and sample format
   * @param encode pictures and sound into packets, resampling and muxing excluded
   * @param mux packets into the file
   */
  public record Stages(StageTime scale, StageTime resample, StageTime encode, StageTime mux) {
    /** Nothing measured yet. */
    public static final Stages NONE =
        new Stages(StageTime.NONE, StageTime.NONE, StageTime.NONE, StageTime.NONE);
  }

  /**
   * One stage's timings.
   *
   * @param calls times the stage ran
   * @param totalMs time spent in it, in all
   * @param meanMs time per call on average
   * @param maxMs the longest call
   */
  public record StageTime(long calls, double totalMs, double meanMs, double maxMs) {
    public static final StageTime NONE = new StageTime(0, 0, 0, 0);
  }
}
