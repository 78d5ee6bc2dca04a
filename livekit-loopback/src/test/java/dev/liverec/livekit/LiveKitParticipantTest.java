package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.livekit.LiveKitConnectException.Reason;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing whom to record: by identity, waiting for them to join, and never someone else. */
class LiveKitParticipantTest {
  @TempDir Path dir;

  /**
   * Given a room whose publisher has not joined yet, when we start a recording of that identity,
   * then the recording waits, and once the publisher joins 1.5 s later it is of them.
   */
  @Test
  void waitsForTheNamedParticipantToJoin() throws Exception {
    Path out = dir.resolve("named.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server()) {
      server.publisherLeaves();
      LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server)
          .participant(server.publisherIdentity())
          .participantTimeout(Duration.ofSeconds(8)).build());
      try (RecordingSession session =
          RecordingSession.create(LoopbackFixture.recorder(out), source)) {
        CompletableFuture.delayedExecutor(1_500, TimeUnit.MILLISECONDS)
            .execute(server::publisherReturns);
        session.start();

        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (source.connectionStatus().videoFramesReceived() < 90) {
          assertThat(System.nanoTime()).as("3 s of video within 8 s: %s",
              source.connectionStatus()).isLessThan(deadline);
          Thread.sleep(20);
        }
        RecordingResult result = session.stop();
        assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
        assertThat(source.connectionStatus().participant()).isEqualTo(server.publisherIdentity());
      }
      assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().hasVideoSize(640, 360);
    }
  }

  /**
   * Given a room where someone else publishes, when we ask for an identity that never joins, then
   * the session fails with NO_PARTICIPANT naming that identity, and records nobody else.
   */
  @Test
  void neverRecordsSomeoneElse() throws InterruptedException {
    Path out = dir.resolve("nobody.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server()) {
      LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server)
          .participant("someone-else").participantTimeout(Duration.ofSeconds(2)).build());
      try (RecordingSession session =
          RecordingSession.create(LoopbackFixture.recorder(out), source)) {
        session.start();
        RecordingResult result = session.awaitResult(Duration.ofSeconds(5)).orElseThrow();
        assertThat(result.state()).isEqualTo(RecordingState.FAILED);
        assertThat(result.failureReason())
            .contains("participant 'someone-else' did not join room demo within 2 s");
        assertThat(source.connectionStatus().failure()).isEqualTo(Reason.NO_PARTICIPANT);
        assertThat(source.connectionStatus().tracksSubscribed()).isZero();
      }
    }
  }
}
