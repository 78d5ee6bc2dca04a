package dev.liverec.micrometer;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import dev.liverec.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One recording's meters, all tagged {@code recording=<name>} (and {@code track=video|audio}
 * where a stat exists per track). The names map to the status fields (Prometheus names shown):
 *
 * <ul>
 *   <li>{@code liverec_frames_received_total{track}}: video/audio_frames_received
 *   <li>{@code liverec_frames_written_total{track}}: video/audio_frames_written
 *   <li>{@code liverec_frames_dropped_total{track}}: frames_dropped_backpressure (video),
 *       audio_frames_dropped (audio)
 *   <li>{@code liverec_silence_frames_written_total}: silence_frames_written
 *   <li>{@code liverec_packets_written_total{track}}: packets_written, per track
 *   <li>{@code liverec_encoder_flushes_total}: encoder_flush_count
 *   <li>{@code liverec_timestamp_repairs_total{track}}: timestamp_repairs
 *   <li>{@code liverec_gaps_total{track}} and {@code liverec_longest_gap_seconds}: gaps_seen,
 *       longest_gap_ms
 *   <li>{@code liverec_resolution_changes_total}: resolution_changes
 *   <li>{@code liverec_source_events_total{event}}: muted, unmuted, notices (reconnects), ...
 *   <li>{@code liverec_zero_packet_streak} and {@code liverec_max_zero_packet_streak}
 *   <li>{@code liverec_output_size_bytes}: bytes_written as of the last packet (the index a clean
 *       stop adds is not reported to observers); {@code liverec_media_duration_seconds}:
 *       media_duration_ms; {@code liverec_stalled}: stalled (1 or 0)
 *   <li>{@code liverec_frame_processing_seconds} (p50, p99, mean from sum/count): the
 *       frame_processing fields; {@code liverec_frame_latency_seconds}: frame_latency_p50/p99
 *   <li>{@code liverec_frame_interval_seconds} (p50, p99, max): the spacing of video
 *       timestamps, whose spread is what pts_jitter_avg/max_ms measure against the frame rate
 * </ul>
 *
 * <p>Creating meters for a name that already has them (a recording started again under the same
 * name) replaces the old ones, so gauges follow the new session; the last session's meters stay
 * readable after it ends until then. Every method only updates preregistered meters: nothing is
 * looked up or allocated per frame.
 */
public final class RecordingMeters implements Metrics {
  static final String PREFIX = "liverec.";
  static final String RECORDING_TAG = "recording";

  private final Counter videoReceived;
  private final Counter audioReceived;
  private final Counter videoWritten;
  private final Counter audioWritten;
  private final java.util.EnumMap<DropReason, Counter> videoDropped =
      new java.util.EnumMap<>(DropReason.class);
  private final java.util.EnumMap<DropReason, Counter> audioDropped =
      new java.util.EnumMap<>(DropReason.class);
  private final Counter silenceWritten;
  private final Counter videoPackets;
  private final Counter audioPackets;
  private final Counter flushes;
  private final Counter videoRepairs;
  private final Counter audioRepairs;
  private final Counter videoGaps;
  private final Counter audioGaps;
  private final Counter resolutionChanges;
  private final SourceEventCounters events;
  private final Timer processing;
  private final Timer latency;
  private final Timer interval;
  private final java.util.EnumMap<Stage, Timer> stages = new java.util.EnumMap<>(Stage.class);
  private final RecordingGauges gauges;

  public RecordingMeters(MeterRegistry registry, String recording) {
    forget(registry, recording);
    Tags tags = Tags.of(RECORDING_TAG, recording);
    Tags video = tags.and("track", "video");
    Tags audio = tags.and("track", "audio");
    videoReceived = counter(registry, "frames.received", video, "frames the source handed over");
    audioReceived = counter(registry, "frames.received", audio, "frames the source handed over");
    videoWritten = counter(registry, "frames.written", video, "frames encoded into the file");
    audioWritten = counter(registry, "frames.written", audio,
        "frames encoded into the file, silence included");
    for (DropReason reason : DropReason.values()) {
      String why = reason.name().toLowerCase(java.util.Locale.ROOT);
      videoDropped.put(reason, counter(registry, "frames.dropped", video.and("reason", why),
          "frames thrown away instead of written, by reason"));
      audioDropped.put(reason, counter(registry, "frames.dropped", audio.and("reason", why),
          "frames thrown away instead of written, by reason"));
    }
    silenceWritten = counter(registry, "silence.frames.written", tags,
        "audio frames the recorder made up (mute, missing or late audio)");
    videoPackets = counter(registry, "packets.written", video, "packets in the file");
    audioPackets = counter(registry, "packets.written", audio, "packets in the file");
    flushes = counter(registry, "encoder.flushes", tags, "times the encoder was drained");
    videoRepairs = counter(registry, "timestamp.repairs", video, "timestamps repaired");
    audioRepairs = counter(registry, "timestamp.repairs", audio, "timestamps repaired");
    videoGaps = counter(registry, "gaps", video, "stretches the source sent nothing");
    audioGaps = counter(registry, "gaps", audio, "stretches the source sent nothing");
    resolutionChanges = counter(registry, "resolution.changes", tags,
        "times the incoming picture size changed");
    events = new SourceEventCounters(registry, tags);
    processing = timer(registry, "frame.processing", tags, "dequeue-to-muxed time per video frame");
    latency = timer(registry, "frame.latency", tags, "hand-over-to-muxed time per video frame");
    interval = timer(registry, "frame.interval", tags, "spacing of video timestamps");
    for (Stage stage : Stage.values()) {
      stages.put(stage, Timer.builder(PREFIX + "stage").tags(tags.and("stage", stage.id()))
          .description("time per call of a named pipeline stage").register(registry));
    }
    gauges = new RecordingGauges(registry, tags);
  }

  /** Removes every meter of this recording from the registry. */
  public static void forget(MeterRegistry registry, String recording) {
    List<Meter> old = registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith(PREFIX))
        .filter(m -> recording.equals(m.getId().getTag(RECORDING_TAG)))
        .toList();
    old.forEach(registry::remove);
  }

  private static Counter counter(MeterRegistry registry, String name, Tags tags, String help) {
    return Counter.builder(PREFIX + name).tags(tags).description(help).register(registry);
  }

  private static Timer timer(MeterRegistry registry, String name, Tags tags, String help) {
    return Timer.builder(PREFIX + name).tags(tags).description(help)
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  @Override
  public void stageTime(Stage stage, long nanos) {
    stages.get(stage).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  @Override
  public void frameReceived(TrackKind kind) {
    (kind == TrackKind.VIDEO ? videoReceived : audioReceived).increment();
  }

  @Override
  public void frameDropped(TrackKind kind, DropReason reason) {
    (kind == TrackKind.VIDEO ? videoDropped : audioDropped).get(reason).increment();
  }

  @Override
  public void sourceEvent(SourceEvent event) {
    events.count(event);
  }

  @Override
  public void timestampRepaired(TrackKind kind) {
    (kind == TrackKind.VIDEO ? videoRepairs : audioRepairs).increment();
  }

  @Override
  public void gap(TrackKind kind, long gapUs) {
    (kind == TrackKind.VIDEO ? videoGaps : audioGaps).increment();
    gauges.gap(gapUs);
  }

  @Override
  public void resolutionChanged(int width, int height) {
    resolutionChanges.increment();
  }

  @Override
  public void videoFrameWritten(
      long ptsUs, long intervalUs, int packets, long processingNanos, long latencyNanos) {
    videoWritten.increment();
    processing.record(processingNanos, TimeUnit.NANOSECONDS);
    latency.record(latencyNanos, TimeUnit.NANOSECONDS);
    if (intervalUs > 0) {
      interval.record(intervalUs, TimeUnit.MICROSECONDS);
    }
    gauges.videoFrame(ptsUs, Math.max(intervalUs, 0), packets);
  }

  @Override
  public void audioFrameWritten(long ptsUs, long durationUs, boolean silence, int packets) {
    audioWritten.increment();
    if (silence) {
      silenceWritten.increment();
    }
    gauges.audioFrame(ptsUs + durationUs);
  }

  @Override
  public void packetWritten(TrackKind kind, int bytes, long totalBytes) {
    (kind == TrackKind.VIDEO ? videoPackets : audioPackets).increment();
    gauges.bytes(totalBytes);
  }

  @Override
  public void encoderDrained() {
    flushes.increment();
  }

  @Override
  public void stalled(boolean stalled) {
    gauges.stalled(stalled);
  }

  /** The gauges' current values, held here so the registry reads them without locks. */
  static final class RecordingGauges {
    private final AtomicLong zeroPacketStreak = new AtomicLong();
    private final AtomicLong maxZeroPacketStreak = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong videoEndUs = new AtomicLong();
    private final AtomicLong audioEndUs = new AtomicLong();
    private final AtomicLong longestGapUs = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private volatile boolean firstPacketSeen;

    RecordingGauges(MeterRegistry registry, Tags tags) {
      gauge(registry, "zero.packet.streak", tags, null, zeroPacketStreak,
          "video frames in a row, up to now, that produced no packet");
      gauge(registry, "max.zero.packet.streak", tags, null, maxZeroPacketStreak,
          "longest zero-packet streak after the first packet");
      gauge(registry, "output.size", tags, "bytes", bytes, "bytes in the file so far");
      Gauge.builder(PREFIX + "media.duration", this, g -> g.mediaDurationUs() / 1e6)
          .tags(tags).baseUnit("seconds").description("media time recorded so far")
          .strongReference(true).register(registry);
      Gauge.builder(PREFIX + "longest.gap", longestGapUs, v -> v.get() / 1e6)
          .tags(tags).baseUnit("seconds").description("longest stretch the source sent nothing")
          .strongReference(true).register(registry);
      gauge(registry, "stalled", tags, null, stalled,
          "1 while no frame has arrived for longer than the stall timeout");
    }

    private static void gauge(MeterRegistry registry, String name, Tags tags,
        @org.jspecify.annotations.Nullable String unit, AtomicLong value, String help) {
      Gauge.builder(PREFIX + name, value, AtomicLong::get).tags(tags).baseUnit(unit)
          .description(help).strongReference(true).register(registry);
    }

    private long mediaDurationUs() {
      return Math.max(videoEndUs.get(), audioEndUs.get());
    }

    void videoFrame(long ptsUs, long intervalUs, int packets) {
      if (packets > 0) {
        firstPacketSeen = true;
        zeroPacketStreak.set(0);
      } else {
        long streak = zeroPacketStreak.incrementAndGet();
        if (firstPacketSeen) {
          maxZeroPacketStreak.accumulateAndGet(streak, Math::max);
        }
      }
      videoEndUs.set(ptsUs + intervalUs);
    }

    void audioFrame(long endUs) {
      audioEndUs.set(endUs);
    }

    void gap(long gapUs) {
      longestGapUs.accumulateAndGet(gapUs, Math::max);
    }

    void bytes(long total) {
      bytes.set(total);
    }

    void stalled(boolean now) {
      stalled.set(now ? 1 : 0);
    }
  }
}
