package dev.liverec.testkit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingAssertTest {
  @TempDir static Path directory;

  private static FfmpegFixtures fixtures;
  private static Path clean;
  private static Path syncMarkers;
  private static Path audioLate80ms;
  private static Path videoOnly;

  @BeforeAll
  static void makeFixtures() {
    fixtures = new FfmpegFixtures(directory);
    clean = fixtures.clean("clean.mp4", 5);
    syncMarkers = fixtures.syncMarkers("sync.mp4", 5, 0);
    audioLate80ms = fixtures.syncMarkers("audio-late-80ms.mp4", 5, 80);
    videoOnly = fixtures.videoOnly("video-only.mp4", 2);
  }

  @Test
  void passesOnACleanRecording() {
    assertThatRecording(clean)
        .hasVideoStream("h264")
        .hasAudioStream("aac")
        .hasVideoSize(320, 240)
        .hasVideoFrames(150)
        .hasVideoFramesBetween(145, 155)
        .hasDurationCloseTo(Duration.ofSeconds(5), Duration.ofMillis(50))
        .hasSizeBetween(10_000, 10_000_000)
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors()
        .hasLongestVideoGapAtMost(Duration.ofMillis(34))
        .hasNoFrozenStretchLongerThan(Duration.ofMillis(100))
        .isPlayableUntil(Duration.ofMillis(4_990))
        .hasAudioAndVideoEndingWithin(Duration.ofMillis(50));
  }

  @Test
  void passesSyncChecksOnTheMarkerSignal() {
    assertThatRecording(syncMarkers).hasSyncMarkers(5).isInSync(Duration.ofMillis(15));
  }

  @Test
  void failsSyncCheckWhenAudioIsLate() {
    assertThatThrownBy(() -> assertThatRecording(audioLate80ms).isInSync(Duration.ofMillis(40)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected A/V in sync within 0.040 s but was 5 marker pairs, max |offset| 80.0 ms")
        .hasMessageContaining("audio-late-80ms.mp4: ");
  }

  @Test
  void failsSyncCheckWithoutMarkers() {
    assertThatThrownBy(() -> assertThatRecording(clean).isInSync(Duration.ofSeconds(1)))
        .hasMessageContaining("no marker pairs");
  }

  @Test
  void failureMessageSaysExpectedMeasuredAndSummary() {
    RecordingAssert recording = assertThatRecording(clean);
    String summary = recording.report().summary();

    assertThatThrownBy(() -> recording.hasVideoFrames(300))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected 300 decoded video frames but was 150 frames.")
        .hasMessageContaining(summary);
  }

  @Test
  void probesOnceAndCachesTheReport() {
    RecordingAssert recording = assertThatRecording(clean);

    assertThat(recording.hasVideoFrames(150).report()).isSameAs(recording.report());
  }

  @Test
  void checksTheAudioStream() {
    assertThatRecording(videoOnly).hasNoAudio().hasVideoFrames(60);
    assertThatThrownBy(() -> assertThatRecording(videoOnly).hasAudioStream("aac"))
        .hasMessageStartingWith("Expected an aac audio stream but was no audio stream.");
    assertThatThrownBy(() -> assertThatRecording(clean).hasNoAudio())
        .hasMessageStartingWith("Expected no audio stream but was aac audio.");
    assertThatThrownBy(() -> assertThatRecording(clean).hasVideoStream("hevc"))
        .hasMessageStartingWith("Expected a hevc video stream but was h264 video.");
  }

  @Test
  void failsOnWrongSizeDurationAndFrozenVideo() {
    assertThatThrownBy(() -> assertThatRecording(clean).hasVideoSize(1280, 720))
        .hasMessageStartingWith(
            "Expected every decoded video frame to be 1280x720 but was sizes [320x240].");
    assertThatThrownBy(
            () ->
                assertThatRecording(clean)
                    .hasDurationCloseTo(Duration.ofSeconds(10), Duration.ofMillis(100)))
        .hasMessageStartingWith("Expected a duration of 10.000 s ± 0.100 s but was 5.0");
    assertThatThrownBy(
            () ->
                assertThatRecording(syncMarkers)
                    .hasNoFrozenStretchLongerThan(Duration.ofMillis(500)))
        .hasMessageStartingWith("Expected no frozen stretch longer than 0.500 s but was ");
  }

  @Test
  void failsOnATruncatedRecording() throws IOException {
    Path fragmented = fixtures.fragmented("fragmented.mp4", 4);
    Path truncated = fixtures.truncatedCopy(fragmented, "truncated.mp4", 0.6);

    assertThatRecording(truncated).isPlayableUntil(Duration.ofSeconds(1));
    assertThatThrownBy(() -> assertThatRecording(truncated).decodesWithoutErrors())
        .hasMessageStartingWith("Expected no decode errors but was ");
    assertThatThrownBy(() -> assertThatRecording(truncated).isPlayableUntil(Duration.ofSeconds(4)))
        .hasMessageStartingWith("Expected playable until at least 4.000 s but was playable until ");
  }

  @Test
  void aFileThatIsNoMediaFailsWithAProbeException() throws IOException {
    Path garbage = fixtures.garbage("garbage.mp4");

    assertThatThrownBy(() -> assertThatRecording(garbage).hasVideoFrames(1))
        .isInstanceOf(ProbeException.class);
  }
}
