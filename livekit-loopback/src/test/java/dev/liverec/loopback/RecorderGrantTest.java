package dev.liverec.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.livekit.LiveKitSourceConfig;
import dev.liverec.testkit.DiscardingSink;
import java.time.Duration;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.junit.jupiter.api.Test;

/**
 * liverec joins hidden; with the {@code recorder} grant the room also shows as being recorded,
 * as livekit-server marks a room with a recorder in it.
 */
class RecorderGrantTest {
  private static final String SECRET = "recorder-grant-secret-0123456789abcdef";

  /**
   * Given liverec recording a room with the recorder grant, when another participant joins, then
   * its join response says the room is being recorded and does not list liverec (hidden).
   */
  @Test
  void aRecorderJoinMarksTheRoomAsRecordedAndStaysHidden() throws Exception {
    try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder().apiKey("devkey", SECRET)
            .room("demo").start();
        LiveKitFrameSource source = new LiveKitFrameSource(LiveKitSourceConfig.builder()
            .url(server.url()).apiKey("devkey", SECRET).room("demo").identity("the-recorder")
            .recorderGrant(true).build())) {
      source.start(new DiscardingSink());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (source.connectionStatus().videoFramesReceived() == 0) {
        assertThat(System.nanoTime()).as("joined within 10 s").isLessThan(deadline);
        Thread.sleep(10);
      }
      try (RawClient viewer = RawClient.connect(server, SECRET, "viewer", "demo",
          "protocol=16")) {
        JoinResponse join = viewer.next(MessageCase.JOIN, Duration.ofSeconds(5)).getJoin();
        assertThat(join.getRoom().getActiveRecording()).as("active_recording").isTrue();
        assertThat(join.getOtherParticipantsList()).extracting(ParticipantInfo::getIdentity)
            .doesNotContain("the-recorder");
      }
    }
  }
}
