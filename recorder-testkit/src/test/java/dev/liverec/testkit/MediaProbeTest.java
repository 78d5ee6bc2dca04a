package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes files made by the stock {@code ffmpeg} program, never by our own encoder. */
class MediaProbeTest {
  private static final double FRAME = 1 / 30.0;
  private static final double SYNC_TOLERANCE_MS = 15;

  @TempDir static Path directory;

  private static FfmpegFixtures fixtures;
  private static Path clean;
  private static Path syncMarkers;
  private static Path audioLate80ms;
  private static Path fragmented;

  @BeforeAll
  static void makeFixtures() {
    fixtures = new FfmpegFixtures(directory);
    clean = fixtures.clean("clean.mp4", 5);
    syncMarkers = fixtures.syncMarkers("sync.mp4", 5, 0);
    audioLate80ms = fixtures.syncMarkers("audio-late-80ms.mp4", 5, 80);
    fragmented = fixtures.fragmented("fragmented.mp4", 6);
  }

  @Test
  void measuresStreamsFramesAndDurationOfACleanFile() {
    ProbeReport report = MediaProbe.probe(clean);

    assertThat(report.streams()).hasSize(2);
    StreamReport video = report.videoStream().orElseThrow();
    assertThat(video.kind()).isEqualTo(StreamKind.VIDEO);
    assertThat(video.codec()).isEqualTo("h264");
    assertThat(video.width()).isEqualTo(320);
    assertThat(video.height()).isEqualTo(240);
    assertThat(video.packetCount()).isEqualTo(150);
    assertThat(video.decodedFrameCount()).isEqualTo(150);
    assertThat(video.durationSeconds()).isCloseTo(5.0, within(FRAME));
    StreamReport audio = report.audioStream().orElseThrow();
    assertThat(audio.codec()).isEqualTo("aac");
    assertThat(audio.sampleRate()).isEqualTo(48_000);
    assertThat(audio.channels()).isEqualTo(2);
    assertThat(audio.decodedFrameCount()).isPositive();

    assertThat(report.fileSizeBytes()).isEqualTo(clean.toFile().length());
    assertThat(report.containerDurationSeconds()).isCloseTo(5.0, within(0.05));
    assertThat(report.durationSeconds()).isCloseTo(5.0, within(0.05));
    assertThat(report.video().frameSizes()).containsExactly(new VideoReport.FrameSize(320, 240));
    assertThat(report.video().startSeconds()).isZero();
    assertThat(report.video().endSeconds()).isCloseTo(5.0, within(0.001));
    assertThat(report.video().longestFrozenFrames()).isZero();
    assertThat(report.audio().decodedDurationSeconds()).isCloseTo(5.0, within(0.05));
    assertThat(report.timestamps().strictlyIncreasing()).isTrue();
    assertThat(report.timestamps().nonMonotonicCount()).isZero();
    assertThat(report.timestamps().largestVideoGapSeconds()).isCloseTo(FRAME, within(0.001));
    assertThat(report.decodeErrors()).isZero();
    assertThat(report.scanStopReason()).isNull();
    assertThat(report.playableUntilSeconds()).isCloseTo(5.0, within(0.001));
    assertThat(report.summary())
        .startsWith("clean.mp4: ")
        .contains(
            "video h264 320x240 150 frames 0.00-5.00 s",
            "audio aac 48000 Hz x2",
            "0 decode errors");
  }

  @Test
  void findsOneFlashAndOneBeepPerSecondInSync() {
    SyncReport sync = MediaProbe.probe(syncMarkers).sync();

    assertThat(sync.analyzed()).isTrue();
    assertThat(sync.flashSeconds()).hasSize(5);
    assertThat(sync.beepSeconds()).hasSize(5);
    for (int second = 0; second < 5; second++) {
      assertThat(sync.flashSeconds().get(second)).isCloseTo(second, within(FRAME));
    }
    assertThat(sync.pairCount()).isEqualTo(5);
    assertThat(sync.offsetsMillis())
        .allSatisfy(offset -> assertThat(offset).isCloseTo(0, within(SYNC_TOLERANCE_MS)));
    assertThat(sync.maxAbsOffsetMillis()).isLessThanOrEqualTo(SYNC_TOLERANCE_MS);
  }

  @Test
  void measuresAudioDelayedBy80Milliseconds() {
    SyncReport sync = MediaProbe.probe(audioLate80ms).sync();

    assertThat(sync.pairCount()).isEqualTo(5);
    assertThat(sync.offsetsMillis())
        .allSatisfy(offset -> assertThat(offset).isCloseTo(80, within(SYNC_TOLERANCE_MS)));
    assertThat(sync.meanAbsOffsetMillis()).isCloseTo(80, within(SYNC_TOLERANCE_MS));
  }

  @Test
  void reportsFrozenStretchesBetweenFlashes() {
    VideoReport video = MediaProbe.probe(syncMarkers).video();

    // Black between the white frames at 0, 1, 2 ...: 29 identical frames, just under a second.
    assertThat(video.longestFrozenFrames()).isEqualTo(29);
    assertThat(video.longestFrozenSeconds()).isCloseTo(29 * FRAME, within(0.001));
  }

  @Test
  void findsAFrozenPictureDespiteEncoderNoiseAndBFrames() {
    Path frozen = fixtures.frozen("frozen.mp4", 4, 45);

    ProbeReport report = MediaProbe.probe(frozen);

    assertThat(report.videoFrameCount()).isEqualTo(120 + 45);
    assertThat(report.video().longestFrozenFrames()).isEqualTo(46);
    assertThat(report.video().longestFrozenSeconds()).isCloseTo(46 * FRAME, within(0.001));
    assertThat(report.video().longestFrozenAtSeconds()).isCloseTo(2.0, within(FRAME + 0.001));
    assertThat(report.timestamps().strictlyIncreasing()).isTrue();
  }

  @Test
  void canSkipSyncAnalysis() {
    ProbeReport report = MediaProbe.probe(syncMarkers, ProbeOptions.withoutSync());

    assertThat(report.sync()).isEqualTo(SyncReport.notAnalyzed());
    assertThat(report.summary()).contains("A/V not analyzed");
  }

  @Test
  void readsACompleteFragmentedFile() {
    ProbeReport report = MediaProbe.probe(fragmented);

    assertThat(report.videoFrameCount()).isEqualTo(180);
    assertThat(report.decodeErrors()).isZero();
    assertThat(report.scanStopReason()).isNull();
    assertThat(report.playableUntilSeconds()).isCloseTo(6.0, within(0.05));
  }

  @Test
  void truncatedFragmentedFileIsPlayableUpToWhereItBreaksOff() throws IOException {
    Path truncated = fixtures.truncatedCopy(fragmented, "truncated.mp4", 0.6);
    double fullDuration = MediaProbe.probe(fragmented).durationSeconds();

    ProbeReport report = MediaProbe.probe(truncated);

    assertThat(report.playableUntilSeconds()).isGreaterThan(1.0).isLessThan(fullDuration);
    assertThat(report.videoFrameCount()).isPositive().isLessThan(180);
    assertThat(report.decodeErrors() > 0 || report.scanStopReason() != null)
        .as("the broken tail is reported: %s", report.summary())
        .isTrue();
    assertThat(report.summary()).contains("playable until");
  }

  @Test
  void neverThrowsOnAFileCutAnywhereAfterItsHeader() throws IOException {
    for (int percent = 5; percent < 100; percent += 7) {
      Path truncated =
          fixtures.truncatedCopy(fragmented, "cut-" + percent + ".mp4", percent / 100.0);

      ProbeReport report = MediaProbe.probe(truncated);

      assertThat(report.playableUntilSeconds()).as("cut at %d%%", percent).isLessThanOrEqualTo(6.1);
    }
  }

  @Test
  void rejectsAFileThatIsNoMedia() throws IOException {
    Path garbage = fixtures.garbage("garbage.mp4");

    assertThatThrownBy(() -> MediaProbe.probe(garbage))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("garbage.mp4")
        .hasMessageContaining("Cannot open");
  }

  @Test
  void rejectsAMissingFile() {
    Path missing = directory.resolve("missing.mp4");

    assertThatThrownBy(() -> MediaProbe.probe(missing))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("missing.mp4")
        .hasMessageContaining("no such file");
  }
}
