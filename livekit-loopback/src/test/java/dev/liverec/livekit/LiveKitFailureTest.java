package dev.liverec.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.LiverecException;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.livekit.LiveKitConnectException.Reason;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 5: a session whose source cannot join ends FAILED with a clear reason, within 5 s,
 * and leaves no file behind.
 */
class LiveKitFailureTest {
  private static final Duration LIMIT = Duration.ofSeconds(5);
  private static LoopbackLiveKitServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = LoopbackFixture.server();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void rejectsAGarbageToken() {
    LiveKitSourceConfig config = LiveKitSourceConfig.builder()
        .url(server.url()).token("not-a-jwt").build();
    assertFails(config, Reason.UNAUTHORIZED, "rejected the token", "401");
  }

  @Test
  void rejectsATokenSignedWithTheWrongSecret() {
    LiveKitSourceConfig config = LoopbackFixture.source(server)
        .apiKey(LoopbackFixture.KEY, "a-wrong-secret-that-is-long-enough-123456")
        .build();
    long rejectedBefore = server.tokensRejected();
    assertFails(config, Reason.UNAUTHORIZED, "check the API key and secret");
    assertThat(server.tokensRejected()).isEqualTo(rejectedBefore + 1);
  }

  @Test
  void rejectsAnUnknownRoom() {
    LiveKitSourceConfig config = LoopbackFixture.source(server).room("no-such-room").build();
    assertFails(config, Reason.ROOM_NOT_FOUND, "does not know the room");
  }

  @Test
  void reportsAClosedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    LiveKitSourceConfig config = LiveKitSourceConfig.builder()
        .url("ws://127.0.0.1:" + port).apiKey(LoopbackFixture.KEY, LoopbackFixture.SECRET)
        .room(LoopbackFixture.ROOM).build();
    assertFails(config, Reason.SERVER_UNREACHABLE, "no LiveKit server answered");
  }

  @Test
  void reportsNoParticipantInTime() {
    server.publisherLeaves();
    try {
      LiveKitSourceConfig config = LoopbackFixture.source(server)
          .participantTimeout(Duration.ofSeconds(2)).build();
      assertFails(config, Reason.NO_PARTICIPANT, "joined room demo within 2 s");
    } finally {
      server.publisherReturns();
    }
  }

  private void assertFails(LiveKitSourceConfig config, Reason reason, String... says) {
    Path out = dir.resolve("never.mp4");
    LiveKitFrameSource source = new LiveKitFrameSource(config);
    try (RecordingSession session =
        RecordingSession.create(LoopbackFixture.recorder(out), source)) {
      long started = System.nanoTime();
      assertThatThrownBy(session::start)
          .isInstanceOfSatisfying(LiveKitConnectException.class,
              e -> assertThat(e.reason()).isEqualTo(reason))
          .isInstanceOf(LiverecException.class)
          .message().contains(says).doesNotContain(LoopbackFixture.SECRET);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).as("time to FAILED").isLessThan(LIMIT);
      assertThat(session.state()).isEqualTo(RecordingState.FAILED);
      assertThat(session.status().failureReason()).contains(says);
      assertThat(source.connectionStatus().state()).isEqualTo(ConnectionStatus.State.FAILED);
      assertThat(Files.exists(out)).isFalse();
    }
  }
}
