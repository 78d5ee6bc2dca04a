package dev.liverec.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a stream that does what breaks recorders (a gap, a resize, a mute, a backwards
 * timestamp), when it is recorded with {@link RecordingMeters} on a registry, then every meter
 * says what the session's own status says.
 */
class RecordingMetersTest {
  @TempDir Path dir;

  @Test
  void theMetersAgreeWithTheSessionsStatus() {
    Scenario scenario = Scenario.builder().size(320, 240).frameRate(15)
        .play(Duration.ofSeconds(2)).gap(Duration.ofSeconds(1)).resize(480, 270)
        .play(Duration.ofSeconds(1)).mute().play(Duration.ofSeconds(1)).unmute()
        .backwardsTimestamp().play(Duration.ofSeconds(1)).build();
    MeterRegistry registry = new SimpleMeterRegistry();
    RecordingResult result;
    try (Recorder recorder = Recorder.builder()
            .addMetrics(name -> new RecordingMeters(registry, name)).build();
        RecordingSession session = recorder.newRecording(
            recorder.newConfig(dir.resolve("meters.mp4")).name("meters").frameRate(15).build(),
            scenario.source(SourceClock.VIRTUAL))) {
      session.start();
      result = session.awaitResult(Duration.ofMinutes(1)).orElseThrow();
    }
    RecordingStats stats = result.stats();
    Meters meters = new Meters(registry, "meters");

    assertThat(meters.count("frames.received", "video")).isEqualTo(stats.videoFramesReceived());
    assertThat(meters.count("frames.received", "audio")).isEqualTo(stats.audioFramesReceived());
    assertThat(meters.count("frames.written", "video")).isEqualTo(stats.videoFramesWritten());
    assertThat(meters.count("frames.written", "audio")).isEqualTo(stats.audioFramesWritten());
    assertThat(meters.dropped("video", "queue_full")).isEqualTo(stats.framesDroppedBackpressure());
    assertThat(meters.dropped("audio", "before_first_video"))
        .isEqualTo(stats.drops().audioBeforeFirstVideo());
    assertThat(meters.dropped("audio", "overlap")).isEqualTo(stats.drops().audioOverlap());
    assertThat(meters.count("silence.frames.written", null))
        .isEqualTo(stats.silenceFramesWritten()).isPositive();
    assertThat(meters.count("packets.written", "video") + meters.count("packets.written", "audio"))
        .isEqualTo(stats.packetsWritten());
    assertThat(meters.count("encoder.flushes", null)).isEqualTo(stats.encoderFlushCount());
    assertThat(meters.count("timestamp.repairs", "video") + meters.count("timestamp.repairs", "audio"))
        .isEqualTo(stats.timestampRepairs()).isPositive();
    assertThat(meters.count("gaps", "video") + meters.count("gaps", "audio"))
        .isEqualTo(stats.gapsSeen()).isPositive();
    assertThat(meters.gauge("longest.gap") * 1000).isCloseTo(stats.longestGapMs(), within(1.0));
    assertThat(meters.count("resolution.changes", null)).isEqualTo(stats.resolutionChanges())
        .isPositive();
    assertThat(meters.gauge("zero.packet.streak")).isEqualTo(stats.zeroPacketStreak());
    assertThat(meters.gauge("max.zero.packet.streak")).isEqualTo(stats.maxZeroPacketStreak());
    // The SPI reports the size at each packet; the index written at stop comes after the last one.
    assertThat(meters.gauge("output.size")).isPositive().isLessThanOrEqualTo(stats.bytesWritten());
    assertThat(meters.gauge("media.duration") * 1000)
        .isCloseTo(stats.mediaDurationMs(), within(1000.0 / 15 + 1));
    assertThat(meters.gauge("stalled")).isEqualTo(stats.stalled() ? 1 : 0);
    assertThat(meters.count("source.events", null, "event", "muted")).isEqualTo(1);

    Timer processing = meters.timer("frame.processing");
    assertThat(processing.count()).isEqualTo(stats.videoFramesWritten());
    assertThat(processing.mean(TimeUnit.MILLISECONDS))
        .isCloseTo(stats.avgFrameProcessingMs(), within(0.01 + stats.avgFrameProcessingMs() / 100));
    assertThat(meters.timer("frame.latency").count()).isEqualTo(stats.videoFramesWritten());
    assertThat(meters.timer("frame.interval").max(TimeUnit.MILLISECONDS))
        .isGreaterThan(1000.0 / 15);
    for (var stage : java.util.List.of("scale", "resample", "encode", "mux")) {
      RecordingStats.StageTime time = switch (stage) {
        case "scale" -> stats.stages().scale();
        case "resample" -> stats.stages().resample();
        case "encode" -> stats.stages().encode();
        default -> stats.stages().mux();
      };
      assertThat(meters.stageTimer(stage).count()).as("stage %s", stage).isEqualTo(time.calls());
    }
    assertThat(stats.stages().scale().calls()).as("the 480x270 pictures were scaled").isPositive();
  }

  @Test
  void aRecordingStartedAgainUnderTheSameNameStartsFromZero() {
    MeterRegistry registry = new SimpleMeterRegistry();
    RecordingMeters first = new RecordingMeters(registry, "again");
    for (int i = 0; i < 3; i++) {
      first.videoFrameWritten(i * 40_000L, 40_000, 0, 1_000, 2_000);
    }
    Meters meters = new Meters(registry, "again");
    assertThat(meters.gauge("zero.packet.streak")).isEqualTo(3);

    new RecordingMeters(registry, "again");

    assertThat(meters.gauge("zero.packet.streak")).isZero();
    assertThat(meters.count("frames.written", "video")).isZero();
    first.videoFrameWritten(200_000, 40_000, 0, 1_000, 2_000);
    assertThat(meters.count("frames.written", "video")).as("the old session is forgotten").isZero();
  }

  /** Reads one recording's meters back by their liverec names. */
  private record Meters(MeterRegistry registry, String recording) {
    long count(String name, String track) {
      return track == null ? count(name, null, null, null) : count(name, null, "track", track);
    }

    long count(String name, String ignored, String tag, String value) {
      var search = registry.find(RecordingMeters.PREFIX + name)
          .tag(RecordingMeters.RECORDING_TAG, recording);
      if (tag != null) {
        search = search.tag(tag, value);
      }
      return (long) search.counter().count();
    }

    long dropped(String track, String reason) {
      return (long) registry.find(RecordingMeters.PREFIX + "frames.dropped")
          .tag(RecordingMeters.RECORDING_TAG, recording).tag("track", track)
          .tag("reason", reason).counter().count();
    }

    double gauge(String name) {
      return registry.get(RecordingMeters.PREFIX + name)
          .tag(RecordingMeters.RECORDING_TAG, recording).gauge().value();
    }

    Timer stageTimer(String stage) {
      return registry.get(RecordingMeters.PREFIX + "stage")
          .tag(RecordingMeters.RECORDING_TAG, recording).tag("stage", stage).timer();
    }

    Timer timer(String name) {
      return registry.get(RecordingMeters.PREFIX + name)
          .tag(RecordingMeters.RECORDING_TAG, recording).timer();
    }
  }
}
