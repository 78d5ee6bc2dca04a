package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingResult;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.Presets;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment guide's tests (shared/seed), automated on the virtual clock. Each one: given a
 * testkit scenario, when we record it, then the decoded MP4 (FFmpeg's demuxer and decoders, not
 * our counters) has the scenario's duration and frames, strictly increasing timestamps, audio and
 * video in sync at every marker, and the encoder never starved.
 */
class GuideScenariosTest {
  /**
   * The guide's duration tolerance, one frame at 30 fps, plus AAC's encoder delay: a fragmented
   * MP4 cannot start audio at a negative time, so FFmpeg shifts both tracks by the 1024 priming
   * samples (21.3 ms at 48 kHz). The shift is the same for audio and video, so sync is unchanged.
   */
  private static final Duration ONE_FRAME = Duration.ofMillis(34 + 22);
  private static final Duration SYNC = Duration.ofMillis(40);
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  private static void assertEncoderNeverStarved(RecordingStats stats) {
    assertThat(stats.maxZeroPacketStreak())
        .as("zero_packet_streak after the first packet").isLessThanOrEqualTo(1);
    assertThat(stats.zeroPacketStreak()).as("zero_packet_streak at the end").isZero();
    assertThat(stats.encoderFlushCount()).as("drained exactly once, at stop").isEqualTo(1);
    assertThat(stats.framesDroppedBackpressure()).isZero();
  }

  @Test
  void test1_basic30sOf1080pIsOneH264AndOneAacStreamOf900FramesIn7To10MB() {
    Scenario scenario = Presets.basic();
    Path out = dir.resolve("test_basic.mp4");

    ScenarioRecording.Run run = ScenarioRecording.record(scenario, out);

    assertThat(run.result().succeeded()).isTrue();
    assertEncoderNeverStarved(run.result().stats());
    assertThatRecording(out)
        .hasVideoStream("h264").hasAudioStream("aac")
        .hasVideoSize(1920, 1080)
        .hasVideoFrames(900)
        .hasDurationCloseTo(Duration.ofSeconds(30), ONE_FRAME)
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors()
        .hasSizeBetween(7 * 1000 * 1000, 10 * 1000 * 1000)
        .hasSyncMarkers(29)
        .isInSync(SYNC)
        .hasAudioAndVideoEndingWithin(SYNC);
    assertThat(run.peakRssBytes()).as("memory below the guide's 500 MB").isLessThan(500 * MB);
  }

  @Test
  void test3_gapsOf100And500And1000MsKeepTheSourceTimeline() {
    Scenario scenario = Presets.gaps();
    Path out = dir.resolve("test_gaps.mp4");

    ScenarioRecording.Run run = ScenarioRecording.record(scenario, out);

    RecordingStats stats = run.result().stats();
    assertEncoderNeverStarved(stats);
    assertThat(stats.gapsSeen()).as("gaps counted").isEqualTo(3);
    assertThatRecording(out)
        .hasDurationCloseTo(scenario.mediaDuration(), ONE_FRAME)
        .hasVideoFrames(scenario.expectedVideoFrames())
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors()
        .hasLongestVideoGapAtMost(Duration.ofMillis(1000 + 34))
        .isInSync(SYNC);
  }

  @Test
  void test4_resolution1080pTo720pTo1080pIsOneFileDecodingAtTheOutputSize() {
    Scenario scenario = Presets.resolution();
    Path out = dir.resolve("test_resolution.mp4");

    ScenarioRecording.Run run = ScenarioRecording.record(scenario, out);

    assertThat(run.result().stats().resolutionChanges()).isEqualTo(2);
    assertEncoderNeverStarved(run.result().stats());
    assertThatRecording(out)
        .hasVideoSize(1920, 1080)
        .hasVideoFrames(scenario.expectedVideoFrames())
        .hasDurationCloseTo(scenario.mediaDuration(), ONE_FRAME)
        .decodesWithoutErrors()
        .isInSync(SYNC);
  }

  @Test
  void test5_fifteenSecondsMutedKeepsTheAudioTrackContinuousAndInSync() {
    Scenario scenario = Presets.mute();
    Path out = dir.resolve("test_audio.mp4");

    ScenarioRecording.Run run = ScenarioRecording.record(scenario, out);

    assertThat(run.result().stats().silenceFramesWritten()).as("silence while muted").isPositive();
    ProbeReport report = assertThatRecording(out)
        .hasAudioStream("aac")
        .hasDurationCloseTo(scenario.mediaDuration(), ONE_FRAME)
        .hasAudioAndVideoEndingWithin(SYNC)
        .decodesWithoutErrors()
        .isInSync(SYNC)
        .report();
    assertThat(report.audio().decodedDurationSeconds())
        .as("audio runs the whole length").isCloseTo(45.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(report.sync().pairCount()).as("markers before and after the mute").isGreaterThanOrEqualTo(28);
  }

  @Test
  void test7_hostileStreamStillGivesAPlayableInSyncFile() {
    Scenario scenario = Presets.hostile();
    Path out = dir.resolve("test_hostile.mp4");

    ScenarioRecording.Run run = ScenarioRecording.record(scenario, out);

    RecordingResult result = run.result();
    assertThat(result.succeeded()).isTrue();
    assertThat(result.stats().timestampRepairs()).as("bad timestamps repaired").isPositive();
    assertThatRecording(out)
        .hasVideoStream("h264").hasAudioStream("aac")
        .hasDurationCloseTo(scenario.mediaDuration(), ONE_FRAME)
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors()
        .hasVideoSize(1280, 720)
        .isInSync(SYNC)
        .hasAudioAndVideoEndingWithin(SYNC);
  }
}
