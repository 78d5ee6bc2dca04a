package dev.liverec.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingSession;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a whole LiveKit session (join, record, mute, reconnect, stop) and a rejected one, when
 * everything they log and report is captured, then neither the API secret nor any token (a JWT,
 * which always starts with {@code eyJ}) appears in it.
 */
class SecretsTest {
  @TempDir Path dir;

  @Test
  void neitherTheSecretNorATokenIsEverLoggedOrReported() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringBuilder reported = new StringBuilder();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (LoopbackLiveKitServer server = LoopbackFixture.server()) {
      LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server).build());
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, dir.resolve("s.mp4"),
          Duration.ofSeconds(4), elapsed -> {
            if (elapsed.toMillis() > 1_000 && elapsed.toMillis() < 1_100) {
              server.muteAudio();
            }
            if (elapsed.toMillis() > 2_000 && elapsed.toMillis() < 2_100) {
              server.faults().cutWebSockets();
            }
          });
      reported.append(run.result()).append(run.status()).append(source.describe());

      LiveKitSourceConfig wrongSecret = LoopbackFixture.source(server)
          .apiKey(LoopbackFixture.KEY, "a-wrong-secret-that-is-long-enough-0123456789").build();
      RecordingSession failing = RecordingSession.create(
          LoopbackFixture.recorder(dir.resolve("f.mp4")), new LiveKitFrameSource(wrongSecret));
      failing.start();
      reported.append(failing.awaitResult(java.time.Duration.ofSeconds(5)).orElseThrow());
      reported.append(failing.status());
      failing.close();
    } finally {
      System.err.flush();
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("the test captured the session's log lines").contains("liverec");
    for (String text : new String[] {logs, reported.toString()}) {
      assertThat(text).doesNotContain(LoopbackFixture.SECRET)
          .doesNotContain("a-wrong-secret-that-is-long-enough")
          .doesNotContain("eyJ");
    }
  }
}
