package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingState;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.RecordingAssert;
import dev.liverec.testkit.SyncReport;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records through real LiveKit signalling and real WebRTC media from the loopback server, and
 * decodes every file with FFmpeg.
 */
class LiveKitRecordingTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitRecordingTest.class);

  /**
   * WebRTC's receiver settles its jitter buffers in the first seconds (the audio shift comes from
   * its once-a-second stats); markers before this are not judged.
   */
  static final double WARM_UP_SECONDS = 3;
  /**
   * Every judged marker: audio within 40 ms of video, as the issue asks. Measured (2 cores, one of
   * them kept busy by another process): at most 27 ms over 3 x 27 markers of the 30 s run, at most
   * 27 ms after the unmute.
   */
  static final double MAX_SYNC_MS = 40;

  @TempDir Path dir;

  /** Pairs only the flashes after {@code fromSeconds} with their beeps. */
  static SyncReport syncAfter(ProbeReport report, double fromSeconds) {
    return SyncReport.pair(
        report.sync().flashSeconds().stream().filter(t -> t >= fromSeconds).toList(),
        report.sync().beepSeconds());
  }

  /**
   * Done-when 1: 30 s through LiveKit signalling and WebRTC media. H.264 + AAC, duration within
   * 100 ms of the time recorded, video frames within 2 % of what the publisher sent, and every
   * sync marker after the warm-up within 40 ms.
   */
  @Test
  void recordsVideoAndAudioThroughLiveKit() throws Exception {
    Path out = dir.resolve("plain.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofSeconds(30), LoopbackFixture.Step.NOTHING);

      RecordingAssert recording = assertThatRecording(out);
      ProbeReport report = recording.report();
      log.info("plain: {} | offsets {} | recorded {} ms, published {} frames | {}", report.summary(),
          report.sync().offsetsMillis(),
          run.recorded().toMillis(), run.framesPublished(), run.status());
      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      recording.hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors()
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(100))
          .hasSyncMarkers(25);
      SyncReport sync = syncAfter(report, WARM_UP_SECONDS);
      assertThat(sync.pairCount()).as("markers after the warm-up").isGreaterThanOrEqualTo(25);
      assertThat(sync.maxAbsOffsetMillis())
          .as("largest A/V offset of the markers after %s s", WARM_UP_SECONDS)
          .isLessThanOrEqualTo(MAX_SYNC_MS);
      long published = run.framesPublished();
      assertThat(report.videoFrameCount())
          .as("decoded frames vs %d published", published)
          .isBetween(Math.round(published * 0.98), Math.round(published * 1.02));
      ConnectionStatus status = run.status();
      assertThat(status.state()).isEqualTo(ConnectionStatus.State.CONNECTED);
      assertThat(status.participant()).isEqualTo(server.publisherIdentity());
      assertThat(status.tracksSubscribed()).isEqualTo(2);
      assertThat(status.connectTime()).isLessThan(Duration.ofSeconds(5));
      assertThat(status.subscriptionTime()).isNotNull().isGreaterThan(status.connectTime());
      assertThat(status.audioSampleRate()).isEqualTo(48_000);
      assertThat(status.framesDecoded()).isGreaterThan(300);
      assertThat(status.packetsLost()).isZero();
      assertThat(status.reconnects()).isZero();
    }
  }

  /**
   * Done-when 2: the publisher mutes its microphone for 10 s, from 2 s to 12 s of an 18 s
   * recording. Audio stays continuous (silence is filled, audio and video end within 100 ms of
   * each other) and every marker from 1.5 s after the unmute is in sync within 40 ms.
   */
  @Test
  void mutedAudioStaysContinuousAndInSync() throws Exception {
    Path out = dir.resolve("mute.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      boolean[] muted = new boolean[1];
      boolean[] unmuted = new boolean[1];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofSeconds(18), elapsed -> {
            if (!muted[0] && elapsed.toMillis() >= 2_000) {
              muted[0] = true;
              server.muteAudio();
            } else if (!unmuted[0] && elapsed.toMillis() >= 12_000) {
              unmuted[0] = true;
              server.unmuteAudio();
            }
          });

      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      RecordingAssert recording = assertThatRecording(out);
      ProbeReport report = recording.report();
      SyncReport after = syncAfter(report, 13.5);
      log.info("mute: {} | offsets after unmute {} | {} | {}", report.summary(),
          after.offsetsMillis(), run.result().stats(), run.status());
      recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(150))
          .hasAudioAndVideoEndingWithin(Duration.ofMillis(100));
      assertThat(report.audio()).isNotNull();
      assertThat(report.audio().decodedDurationSeconds())
          .as("audio covers the whole recording")
          .isCloseTo(report.durationSeconds(), org.assertj.core.data.Offset.offset(0.15));
      assertThat(run.result().stats().silenceFramesWritten())
          .as("silence frames for a 10 s mute (1024 samples each at 48 kHz)")
          .isGreaterThan(440);
      assertThat(after.pairCount()).as("markers after the unmute").isGreaterThanOrEqualTo(4);
      assertThat(after.maxAbsOffsetMillis()).isLessThanOrEqualTo(MAX_SYNC_MS);
    }
  }

  /** Done-when 3: the publisher switches 640x360 -> 480x270 -> 640x360; one playable file. */
  @Test
  void resolutionChangeKeepsOnePlayableFile() throws Exception {
    Path out = dir.resolve("resize.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      boolean[] changed = new boolean[2];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofSeconds(8), elapsed -> {
            if (!changed[0] && elapsed.toMillis() >= 2_500) {
              changed[0] = true;
              server.setResolution(480, 270);
            } else if (!changed[1] && elapsed.toMillis() >= 5_000) {
              changed[1] = true;
              server.setResolution(640, 360);
            }
          });

      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      RecordingAssert recording = assertThatRecording(out);
      log.info("resize: {} | {}", recording.report().summary(), run.result().stats());
      recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasVideoSize(640, 360)
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(150))
          .hasLongestVideoGapAtMost(Duration.ofMillis(500));
      assertThat(run.result().stats().resolutionChanges()).isGreaterThanOrEqualTo(2);
    }
  }

  /**
   * Done-when 4: the SFU drops the WebSocket only (the recorder resumes the session, media never
   * stops), then drops WebSocket and media (the recorder rejoins). The file keeps growing
   * throughout and the rejoin's gap is in the stats.
   */
  @Test
  void reconnectsAfterTheConnectionIsCut() throws Exception {
    Path out = dir.resolve("cut.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      boolean[] cut = new boolean[2];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofSeconds(11), elapsed -> {
            if (!cut[0] && elapsed.toMillis() >= 2_000) {
              cut[0] = true;
              server.faults().cutWebSockets();
            } else if (!cut[1] && elapsed.toMillis() >= 5_000) {
              cut[1] = true;
              server.faults().cutConnections();
            }
          });

      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      RecordingAssert recording = assertThatRecording(out);
      ProbeReport report = recording.report();
      log.info("cut: {} | {} | {}", report.summary(), run.result().stats(), run.status());
      recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(250));
      assertThat(report.video()).isNotNull();
      assertThat(report.video().endSeconds()).as("video after the rejoin").isGreaterThan(9.5);
      ConnectionStatus status = run.status();
      assertThat(status.state()).isEqualTo(ConnectionStatus.State.CONNECTED);
      assertThat(status.resumes()).as("resumed after the WebSocket cut").isEqualTo(1);
      assertThat(status.reconnects()).as("resume + rejoin").isEqualTo(2);
      assertThat(status.disconnectedTotal()).isPositive().isLessThan(Duration.ofSeconds(5));
      assertThat(server.resumes()).isEqualTo(1);
      assertThat(server.joins()).isEqualTo(2);
      assertThat(run.result().stats().gapsSeen()).as("the rejoin's gap").isGreaterThanOrEqualTo(1);
      assertThat(run.result().stats().longestGapMs()).isBetween(150L, 5_000L);
    }
  }

  /** The publisher leaves and comes back: recording goes on, the same identity is picked again. */
  @Test
  void followsThePublisherLeavingAndReturning() throws Exception {
    Path out = dir.resolve("leave.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      boolean[] step = new boolean[2];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofSeconds(8), elapsed -> {
            if (!step[0] && elapsed.toMillis() >= 2_000) {
              step[0] = true;
              server.publisherLeaves();
            } else if (!step[1] && elapsed.toMillis() >= 4_000) {
              step[1] = true;
              server.publisherReturns();
            }
          });

      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      RecordingAssert recording = assertThatRecording(out);
      ProbeReport report = recording.report();
      log.info("leave: {} | {} | {}", report.summary(), run.result().stats(), run.status());
      recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasAudioAndVideoEndingWithin(Duration.ofMillis(300));
      assertThat(report.video().endSeconds()).isGreaterThan(7);
      assertThat(run.status().participant()).isEqualTo(server.publisherIdentity());
      assertThat(run.status().tracksSubscribed()).isEqualTo(2);
      assertThat(run.status().reconnects()).isZero();
      assertThat(run.result().stats().gapsSeen()).isGreaterThanOrEqualTo(1);
      assertThat(run.result().stats().longestGapMs()).isBetween(1_500L, 4_000L);
      assertThat(run.result().stats().silenceFramesWritten()).isGreaterThan(50);
    }
  }
}
