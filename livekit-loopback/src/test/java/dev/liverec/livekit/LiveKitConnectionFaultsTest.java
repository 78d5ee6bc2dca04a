package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingState;
import dev.liverec.RecordingStats;
import dev.liverec.loopback.LoopbackLiveKitServer;
import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording through what a real room's network does: media lost for a moment or for longer,
 * signalling down for longer than a resume can bridge, data traffic nobody records, and video the
 * SFU pauses for congestion. Every file is judged by FFmpeg's decode.
 */
class LiveKitConnectionFaultsTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitConnectionFaultsTest.class);
  private static final String IDENTITY = "the-recorder";

  @TempDir Path dir;

  private static LiveKitFrameSource source(LoopbackLiveKitServer server) {
    return new LiveKitFrameSource(LoopbackFixture.source(server).identity(IDENTITY).build());
  }

  /**
   * Given a recording whose media path carries nothing for 2 s, then the file has a gap and nothing
   * else happens: libwebrtc keeps the connection CONNECTED through a 2 s outage (it notices after
   * 5-7 s), so there is no resume and no rejoin. The gap is longer than the outage by the video's
   * recovery (a key frame asked for once packets flow again): 3.5 s measured. After the outage
   * WebRTC's video playout delay grows for a while, and the source moves audio times by the same
   * amount to keep the tracks in sync (its audio shift, in the connection status): the file's
   * audio may then run that much past the last video frame (-329 ms seen once), so the duration
   * is checked within 300 ms plus that shift.
   */
  @Test
  void aTwoSecondMediaOutageIsOnlyAGap() throws Exception {
    Path out = dir.resolve("media-2s.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = source(server)) {
      boolean[] done = new boolean[1];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(8),
          elapsed -> {
            if (!done[0] && elapsed.toMillis() >= 2_000) {
              done[0] = true;
              server.faults().interruptMedia(IDENTITY, Duration.ofSeconds(2));
            }
          });
      RecordingStats stats = run.result().stats();
      log.info("media 2 s: {} | {}", stats, run.status());
      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      assertThat(server.joins()).as("no rejoin").isEqualTo(1);
      assertThat(run.status().reconnects()).as("no reconnect").isZero();
      assertThat(stats.longestGapMs()).as("the outage and the key frame after it")
          .isBetween(1_500L, 4_500L);
      long shiftMs = Math.round(Math.abs(run.status().audioDelayCompensationMs()));
      assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(300 + shiftMs));
    }
  }

  /**
   * Given a recording whose media path carries nothing for 13 s, when the connection stays down
   * past libwebrtc's DISCONNECTED (5-7 s) and the source's 2 s grace, then the session is resumed
   * with an ICE restart (no rejoin: the server still has the participant) and the recording goes
   * on once packets flow.
   */
  @Test
  void aLongMediaOutageIsResumedWithAnIceRestartNotARejoin() throws Exception {
    Path out = dir.resolve("media-13s.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = source(server)) {
      boolean[] done = new boolean[1];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(20),
          elapsed -> {
            if (!done[0] && elapsed.toMillis() >= 2_000) {
              done[0] = true;
              server.faults().interruptMedia(IDENTITY, Duration.ofSeconds(13));
            }
          });
      RecordingStats stats = run.result().stats();
      log.info("media 13 s: {} | {} | server joins {} resumes {}", stats, run.status(),
          server.joins(), server.resumes());
      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      assertThat(run.status().resumes()).as("resumed with an ICE restart").isGreaterThanOrEqualTo(1);
      assertThat(server.joins()).as("no rejoin").isEqualTo(1);
      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().report();
      assertThat(report.video()).isNotNull();
      assertThat(report.video().endSeconds()).as("video after the outage")
          .isGreaterThan(run.recorded().toMillis() / 1000.0 - 2);
    }
  }

  /**
   * Given a recording whose signalling is down for 20 s (sockets dropped, new ones refused), longer
   * than the server keeps a participant for a resume, then the source rejoins once the server
   * answers again, the file goes on, and the gap is in the stats.
   */
  @Test
  void signallingDownForTwentySecondsIsARejoinAndTheFileGoesOn() throws Exception {
    Path out = dir.resolve("signal-20s.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = source(server)) {
      boolean[] done = new boolean[1];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(32),
          elapsed -> {
            if (!done[0] && elapsed.toMillis() >= 2_000) {
              done[0] = true;
              server.faults().dropSignalling(Duration.ofSeconds(20));
            }
          });
      RecordingStats stats = run.result().stats();
      log.info("signalling 20 s: {} | {} | server joins {}", stats, run.status(), server.joins());
      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      assertThat(server.joins()).as("rejoined").isEqualTo(2);
      assertThat(run.status().reconnects()).isGreaterThanOrEqualTo(1);
      assertThat(stats.gapsSeen()).as("the gap").isGreaterThanOrEqualTo(1);
      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().report();
      assertThat(report.video()).isNotNull();
      assertThat(report.video().endSeconds()).as("video after the rejoin")
          .isGreaterThan(run.recorded().toMillis() / 1000.0 - 3);
    }
  }

  /**
   * Given another participant sending 100 data messages a second, when we record for 10 s, then
   * the messages are read and counted (none queue up unread) and the connection never drops.
   */
  @Test
  void dataMessagesAreReadCountedAndDropped() throws Exception {
    Path out = dir.resolve("data.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = source(server)) {
      server.sendData(100, 256);
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(10),
          LoopbackFixture.Step.NOTHING);
      server.stopData();
      log.info("data: {} | relayed {}", run.status(), server.dataPacketsRelayed());
      assertThat(run.status().dataMessages()).as("messages read in about 10 s")
          .isGreaterThanOrEqualTo(900);
      assertThat(run.status().dataBytes()).isGreaterThanOrEqualTo(900L * 256);
      assertThat(run.status().reconnects()).isZero();
      assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors();
    }
  }

  /**
   * Given the SFU pausing our video for 5 s (congestion), then the recording's timeline keeps
   * running (the file is as long as the recording, audio throughout), and the pause is counted.
   */
  @Test
  void pausedVideoKeepsTheTimelineAndIsCounted() throws Exception {
    Path out = dir.resolve("paused.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = source(server)) {
      boolean[] done = new boolean[1];
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(10),
          elapsed -> {
            if (!done[0] && elapsed.toMillis() >= 2_000) {
              done[0] = true;
              server.pauseVideo(Duration.ofSeconds(5));
            }
          });
      RecordingStats stats = run.result().stats();
      log.info("paused: {} | {}", stats, run.status());
      assertThat(run.status().videoPauses()).isEqualTo(1);
      assertThat(stats.longestGapMs()).as("the pause").isBetween(4_000L, 6_000L);
      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().hasDurationCloseTo(run.recorded(), Duration.ofMillis(300))
          .report();
      assertThat(report.audio()).isNotNull();
      assertThat(report.audio().decodedDurationSeconds()).as("audio throughout")
          .isCloseTo(report.durationSeconds(), org.assertj.core.data.Offset.offset(0.2));
    }
  }
}
