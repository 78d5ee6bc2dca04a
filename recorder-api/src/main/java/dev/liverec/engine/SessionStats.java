package dev.liverec.engine;

import dev.liverec.RecordingStats;
import dev.liverec.frame.TrackKind;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.Stage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * The session's own {@link Metrics}: counts every pipeline step and turns them into
 * {@link RecordingStats} snapshots. Arrival counters are atomic (sources may push from several
 * threads); everything else has one writer, the session thread, and is read through volatiles.
 */
public final class SessionStats implements Metrics {
  private final long nominalIntervalUs;
  private final AtomicLong videoReceived = new AtomicLong();
  private final AtomicLong audioReceived = new AtomicLong();
  private final AtomicLongArray videoDropped = new AtomicLongArray(DropReason.values().length);
  private final AtomicLongArray audioDropped = new AtomicLongArray(DropReason.values().length);
  private final LatencyHistogram processing = new LatencyHistogram();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final StageClock stages = new StageClock();
  private volatile IntSupplier queueDepth = () -> 0;
  private volatile long videoWritten;
  private volatile long audioWritten;
  private volatile long silenceWritten;
  private volatile long packets;
  private volatile long zeroPacketStreak;
  private volatile long maxZeroPacketStreak;
  private volatile boolean firstPacketSeen;
  private volatile long flushes;
  private volatile long jitterSumUs;
  private volatile long jitterSamples;
  private volatile long jitterMaxUs;
  private volatile long bytes;
  private volatile long videoEndUs;
  private volatile long audioEndUs;
  private volatile String encoderName = "";
  private volatile long repairs;
  private volatile long gaps;
  private volatile long longestGapUs;
  private volatile long resolutionChanges;
  private volatile int width;
  private volatile int height;
  private volatile boolean stalled;

  public SessionStats(long nominalIntervalUs) {
    this.nominalIntervalUs = nominalIntervalUs;
  }

  /** Where {@link RecordingStats#queueDepth()} is read from. */
  public void bindQueueDepth(IntSupplier queueDepth) {
    this.queueDepth = queueDepth;
  }

  /** Records the codec in use and the encoded size. */
  public void encoderOpened(String name, int width, int height) {
    this.encoderName = name;
    this.width = width;
    this.height = height;
  }

  @Override
  public void frameReceived(TrackKind kind) {
    (kind == TrackKind.VIDEO ? videoReceived : audioReceived).incrementAndGet();
  }

  @Override
  public void stageTime(Stage stage, long nanos) {
    stages.add(stage, nanos);
  }

  @Override
  public void frameDropped(TrackKind kind, DropReason reason) {
    (kind == TrackKind.VIDEO ? videoDropped : audioDropped).incrementAndGet(reason.ordinal());
  }

  private static long total(AtomicLongArray counts) {
    long sum = 0;
    for (int i = 0; i < counts.length(); i++) {
      sum += counts.get(i);
    }
    return sum;
  }

  private RecordingStats.Drops drops() {
    return new RecordingStats.Drops(
        videoDropped.get(DropReason.QUEUE_FULL.ordinal()),
        videoDropped.get(DropReason.AFTER_CLOSE.ordinal()),
        videoDropped.get(DropReason.AT_STOP.ordinal()),
        audioDropped.get(DropReason.QUEUE_FULL.ordinal()),
        audioDropped.get(DropReason.AFTER_CLOSE.ordinal()),
        audioDropped.get(DropReason.AT_STOP.ordinal()),
        audioDropped.get(DropReason.BEFORE_FIRST_VIDEO.ordinal()),
        audioDropped.get(DropReason.OVERLAP.ordinal()));
  }

  @Override
  public void timestampRepaired(TrackKind kind) {
    repairs = repairs + 1;
  }

  @Override
  public void gap(TrackKind kind, long gapUs) {
    gaps = gaps + 1;
    if (gapUs > longestGapUs) {
      longestGapUs = gapUs;
    }
  }

  @Override
  public void resolutionChanged(int width, int height) {
    resolutionChanges = resolutionChanges + 1;
  }

  @Override
  public void videoFrameWritten(
      long ptsUs, long intervalUs, int packetCount, long processingNanos, long latencyNanos) {
    videoWritten = videoWritten + 1;
    if (packetCount > 0) {
      firstPacketSeen = true;
      zeroPacketStreak = 0;
    } else {
      long streak = zeroPacketStreak + 1;
      zeroPacketStreak = streak;
      if (firstPacketSeen && streak > maxZeroPacketStreak) {
        maxZeroPacketStreak = streak;
      }
    }
    if (intervalUs > 0 && intervalUs <= 3 * nominalIntervalUs) {
      long jitter = Math.abs(intervalUs - nominalIntervalUs);
      jitterSumUs = jitterSumUs + jitter;
      jitterSamples = jitterSamples + 1;
      if (jitter > jitterMaxUs) {
        jitterMaxUs = jitter;
      }
    }
    processing.record(processingNanos);
    latency.record(latencyNanos);
    videoEndUs = ptsUs + nominalIntervalUs;
  }

  @Override
  public void audioFrameWritten(long ptsUs, long durationUs, boolean silence, int packetCount) {
    audioWritten = audioWritten + 1;
    if (silence) {
      silenceWritten = silenceWritten + 1;
    }
    audioEndUs = ptsUs + durationUs;
  }

  @Override
  public void packetWritten(TrackKind kind, int size, long totalBytes) {
    packets = packets + 1;
    bytes = totalBytes;
  }

  @Override
  public void encoderDrained() {
    flushes = flushes + 1;
  }

  @Override
  public void stalled(boolean stalled) {
    this.stalled = stalled;
  }

  public long videoFramesWritten() {
    return videoWritten;
  }

  /** Media time recorded so far, the longer of the two tracks. */
  public long mediaDurationUs() {
    return Math.max(videoEndUs, audioEndUs);
  }

  /** The final file size, once the trailer is written. */
  public void bytesWritten(long bytes) {
    this.bytes = bytes;
  }

  public RecordingStats snapshot() {
    long samples = jitterSamples;
    return new RecordingStats(
        videoReceived.get(),
        videoWritten,
        audioReceived.get(),
        audioWritten,
        packets,
        zeroPacketStreak,
        flushes,
        samples == 0 ? 0 : jitterSumUs / (double) samples / 1000.0,
        jitterMaxUs / 1000.0,
        videoDropped.get(DropReason.QUEUE_FULL.ordinal()),
        processing.meanMillis(),
        maxZeroPacketStreak,
        silenceWritten,
        total(audioDropped),
        processing.percentileMillis(50),
        processing.percentileMillis(99),
        latency.percentileMillis(50),
        latency.percentileMillis(99),
        bytes,
        mediaDurationUs() / 1000,
        queueDepth.getAsInt(),
        encoderName,
        repairs,
        gaps,
        longestGapUs / 1000,
        resolutionChanges,
        width,
        height,
        stalled,
        drops(),
        stages.snapshot());
  }
}
