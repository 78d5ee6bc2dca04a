package dev.liverec.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingResult;
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
  /** What start() may take: it opens the encoders, the source only posts its join. */
  private static final Duration START_LIMIT = Duration.ofMillis(500);
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
  void rejectsAGarbageToken() throws InterruptedException {
    LiveKitSourceConfig config = LiveKitSourceConfig.builder()
        .url(server.url()).token("not-a-jwt").build();
    assertFails(config, Reason.UNAUTHORIZED, "rejected the token", "401");
  }

  @Test
  void rejectsATokenSignedWithTheWrongSecret() throws InterruptedException {
    LiveKitSourceConfig config = LoopbackFixture.source(server)
        .apiKey(LoopbackFixture.KEY, "a-wrong-secret-that-is-long-enough-123456")
        .build();
    long rejectedBefore = server.tokensRejected();
    assertFails(config, Reason.UNAUTHORIZED, "check the API key and secret");
    assertThat(server.tokensRejected()).isEqualTo(rejectedBefore + 1);
  }

  @Test
  void rejectsAnUnknownRoom() throws InterruptedException {
    LiveKitSourceConfig config = LoopbackFixture.source(server).room("no-such-room").build();
    assertFails(config, Reason.ROOM_NOT_FOUND, "does not know the room");
  }

  @Test
  void reportsAClosedPort() throws IOException, InterruptedException {
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
  void reportsNoParticipantInTime() throws InterruptedException {
    server.publisherLeaves();
    try {
      LiveKitSourceConfig config = LoopbackFixture.source(server)
          .participantTimeout(Duration.ofSeconds(2)).build();
      assertFails(config, Reason.NO_PARTICIPANT, "joined room demo within 2 s");
    } finally {
      server.publisherReturns();
    }
  }

  /**
   * {@code start()} returns at once (the join runs on the source's thread); the failure arrives as
   * the source's event and ends the session FAILED within the limit, with the typed reason in the
   * connection status and what to do in the session's reason, no secret in either, no file.
   */
  private void assertFails(LiveKitSourceConfig config, Reason reason, String... says)
      throws InterruptedException {
    Path out = dir.resolve("never.mp4");
    LiveKitFrameSource source = new LiveKitFrameSource(config);
    try (RecordingSession session =
        RecordingSession.create(LoopbackFixture.recorder(out), source)) {
      long started = System.nanoTime();
      session.start();
      Duration startTook = Duration.ofNanos(System.nanoTime() - started);
      RecordingResult result = session.awaitResult(LIMIT).orElseThrow(
          () -> new AssertionError("not ended within " + LIMIT + ": " + source.connectionStatus()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(startTook).as("start() returned after").isLessThan(START_LIMIT);
      assertThat(took).as("time to FAILED").isLessThan(LIMIT);
      assertThat(result.state()).isEqualTo(RecordingState.FAILED);
      assertThat(result.failureReason()).contains(says).doesNotContain(LoopbackFixture.SECRET);
      assertThat(source.connectionStatus().state()).isEqualTo(ConnectionStatus.State.FAILED);
      assertThat(source.connectionStatus().failure()).isEqualTo(reason);
      assertThat(Files.exists(out)).isFalse();
    }
  }
}
