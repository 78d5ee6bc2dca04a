package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingStats;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.RecordingAssert;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SyncReport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A testkit scenario published through the loopback server: the gaps, resizes and mutes a
 * scenario scripts reach the recorder over LiveKit signalling and real WebRTC, the way the
 * synthetic source hands them over directly in the recorder-ffmpeg tests.
 */
class LiveKitScenarioTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitScenarioTest.class);

  @TempDir Path dir;

  /**
   * Given a publisher that plays 5.6 s, mutes its microphone for 3 s, unmutes, and switches to
   * 480x270 for its last 2.5 s, when we record 12.5 s of it over LiveKit, then one playable
   * 640x360 file holds all of it: silence while muted, the resize scaled, and audio in sync within
   * 40 ms after the unmute.
   */
  @Test
  void aScenarioPublishedOverLiveKitKeepsItsResizesAndMutes() throws Exception {
    Scenario scenario = Scenario.builder().name("livekit-mix").size(640, 360).frameRate(30)
        .audio(48_000, 1)
        .play(Duration.ofMillis(5_600))
        .mute().play(Duration.ofSeconds(3))
        .unmute().play(Duration.ofSeconds(3))
        .resize(480, 270).play(Duration.ofMillis(2_500))
        .build();
    Path out = dir.resolve("scenario.mp4");

    LoopbackFixture.Run run =
        LoopbackFixture.recordScenario(scenario, out, Duration.ofMillis(12_500));

    RecordingStats stats = run.result().stats();
    RecordingAssert recording = assertThatRecording(out);
    ProbeReport report = recording.report();
    // The scenario starts with the server; the recording at the first frame WebRTC delivers,
    // 0.3 to 1 s later, and stops 12.5 s after that, before the scenario ends (14.1 s). So in
    // the file the mute spans about 5..8 s and the unmute is about 1.5 s behind 9.5 s.
    SyncReport afterUnmute = LiveKitRecordingTest.syncAfter(report, 9.5);
    log.info("scenario: {} | flashes {} | beeps {} | offsets after unmute {} | {} | {}",
        report.summary(), report.sync().flashSeconds(), report.sync().beepSeconds(),
        afterUnmute.offsetsMillis(), stats, run.status());
    recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
        .hasVideoSize(640, 360)
        .hasAudioAndVideoEndingWithin(Duration.ofMillis(150));
    assertThat(stats.silenceFramesWritten()).as("silence for the 3 s mute").isGreaterThan(100);
    assertThat(stats.resolutionChanges()).as("640x360 -> 480x270").isGreaterThanOrEqualTo(1);
    assertThat(report.sync().beepSeconds().stream()
        .filter(t -> t > 5.5 && t < 7.5).count()).as("beeps while muted").isZero();
    assertThat(afterUnmute.pairCount()).as("markers after the unmute").isGreaterThanOrEqualTo(3);
    assertThat(afterUnmute.maxAbsOffsetMillis())
        .isLessThanOrEqualTo(LiveKitRecordingTest.MAX_SYNC_MS);
    long published = run.framesPublished();
    assertThat(report.videoFrameCount()).as("decoded frames vs %d published", published)
        .isBetween(Math.round(published * 0.98), Math.round(published * 1.02));
  }

  /**
   * Given a publisher that stops sending anything for 600 ms (a stalled camera and microphone),
   * when we record it over LiveKit, then the file stays continuous and the stall is a gap in the
   * stats. Audio comes back late, a known limit: the publisher's audio RTP timestamps run on
   * without the pause, so WebRTC's receiver takes the stall for network delay and stretches its
   * audio buffer by about 90 ms a second for the rest of the recording. liverec follows the buffer
   * from WebRTC's stats four times a second and drops the stretched audio, but a quarter second
   * behind and within the recorder's 30 ms overlap tolerance: measured 50-64 ms late in most
   * markers, 131 ms once in CI. The bound here only guards against losing the buffer entirely
   * (the shift reaches 500 ms within 6 s).
   */
  @Test
  void aPublisherStallIsAGapAndAudioStaysNearVideo() throws Exception {
    Scenario scenario = Scenario.builder().name("livekit-stall").size(640, 360).frameRate(30)
        .audio(48_000, 1)
        .play(Duration.ofSeconds(3))
        .gap(Duration.ofMillis(600))
        .play(Duration.ofSeconds(10))
        .build();
    Path out = dir.resolve("stall.mp4");

    LoopbackFixture.Run run = LoopbackFixture.recordScenario(scenario, out, Duration.ofSeconds(12));

    RecordingStats stats = run.result().stats();
    RecordingAssert recording = assertThatRecording(out);
    ProbeReport report = recording.report();
    SyncReport afterStall = LiveKitRecordingTest.syncAfter(report, 4.0);
    log.info("stall: {} | offsets after the stall {} | {}", report.summary(),
        afterStall.offsetsMillis(), stats);
    recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
        .hasAudioAndVideoEndingWithin(Duration.ofMillis(150));
    assertThat(stats.gapsSeen()).as("the 600 ms stall").isGreaterThanOrEqualTo(1);
    assertThat(stats.longestGapMs()).as("the 600 ms stall").isBetween(400L, 1_500L);
    assertThat(report.audio()).isNotNull();
    assertThat(report.audio().decodedDurationSeconds()).as("audio covers the whole recording")
        .isCloseTo(report.durationSeconds(), org.assertj.core.data.Offset.offset(0.15));
    assertThat(afterStall.pairCount()).as("markers after the stall").isGreaterThanOrEqualTo(3);
    assertThat(afterStall.maxAbsOffsetMillis()).isLessThanOrEqualTo(STALL_SYNC_MS);
  }

  /** See {@link #aPublisherStallIsAGapAndAudioStaysNearVideo()}. */
  static final double STALL_SYNC_MS = 250;
}
