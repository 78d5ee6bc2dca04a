package dev.liverec.loopback;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.livekit.ConnectionStatus;
import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.livekit.LiveKitSourceConfig;
import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiveKit's official SDK and liverec's own client in one room at once, through the same faults:
 * whatever the double does that the SDK would not accept fails here beside liverec's result, so
 * liverec cannot pass against a behaviour that only liverec tolerates.
 */
class SideBySideTest {
  private static final Logger log = LoggerFactory.getLogger(SideBySideTest.class);

  @TempDir Path dir;

  /**
   * Given a room both clients subscribe to, when the publisher mutes for 2 s, moves its camera to
   * a new track sid and every signalling socket drops, then the SDK resumes and follows the new
   * camera, and liverec's recording (decoded by FFmpeg) keeps a flash every second through it.
   */
  @Test
  void theOfficialSdkAndLiverecFollowTheSameRoomThroughItsFaults() throws Exception {
    NodeSdk.assumeInstalled();
    Path out = dir.resolve("side-by-side.mp4");
    try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder()
            .apiKey(SdkSubscriberTest.KEY, SdkSubscriberTest.SECRET).room("demo").start();
        NodeSdk sdk = NodeSdk.start(server, SdkSubscriberTest.SECRET, "subscriber.mjs",
            "--room", "demo", "--identity", "sdk-viewer", "--seconds", "12");
        LiveKitFrameSource source = new LiveKitFrameSource(LiveKitSourceConfig.builder()
            .url(server.url()).apiKey(SdkSubscriberTest.KEY, SdkSubscriberTest.SECRET)
            .room("demo").connectTimeout(Duration.ofSeconds(5))
            .participantTimeout(Duration.ofSeconds(5)).build());
        RecordingSession session = RecordingSession.create(RecorderConfig.builder(out).build(),
            source)) {
      session.start();
      sdk.await("subscribed", Duration.ofSeconds(20));
      String firstCamera = server.publisherVideoSid();
      long start = System.nanoTime();
      at(start, 2_000, server::muteAudio);
      at(start, 4_000, server::unmuteAudio);
      at(start, 5_000, server::moveVideoTrack);
      String movedCamera = server.publisherVideoSid();
      at(start, 7_000, server.faults()::cutWebSockets);
      JsonNode result = sdk.await("result", Duration.ofSeconds(40));
      ConnectionStatus status = source.connectionStatus();
      RecordingResult recorded = session.stop();
      assertThat(sdk.exitCode(Duration.ofSeconds(15))).isZero();

      List<JsonNode> subscribed = sdk.all("subscribed");
      log.info("side by side: SDK {} | subscribed {} | liverec {} | {}", result, subscribed,
          status, recorded.stats());
      assertThat(movedCamera).isNotEqualTo(firstCamera);
      assertThat(subscribed).extracting(s -> s.path("trackSid").asText())
          .as("the SDK follows the moved camera").contains(firstCamera, movedCamera);
      assertThat(result.path("disconnectReason").asText()).isEqualTo("CLIENT_INITIATED");
      double window = result.path("windowMs").asDouble() / 1000.0;
      assertThat(result.path("video").path("frames").asLong())
          .as("SDK video frames in %.1f s through a move and a resume", window)
          .isGreaterThanOrEqualTo(Math.round(0.8 * 30 * window));
      assertThat(server.resumes()).as("both clients resumed").isGreaterThanOrEqualTo(2);
      assertThat(status.resumes()).as("liverec resumed").isGreaterThanOrEqualTo(1);

      assertThat(recorded.state()).isEqualTo(RecordingState.STOPPED);
      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().hasVideoSize(640, 360).report();
      List<Double> flashes = report.sync().flashSeconds();
      assertThat(flashes.size()).as("flashes in %.1f s", report.durationSeconds())
          .isGreaterThanOrEqualTo((int) report.durationSeconds() - 2);
    }
  }

  /** Runs {@code action} {@code afterMs} after {@code startNanos}, on this thread. */
  private static void at(long startNanos, long afterMs, Runnable action)
      throws InterruptedException {
    long due = startNanos + afterMs * 1_000_000L;
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, wait / 1_000_000));
    }
    action.run();
  }
}
