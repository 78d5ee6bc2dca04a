package dev.liverec.app.server;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.app.Json;
import dev.liverec.app.server.webhooks.WebhookConfig;
import dev.liverec.spi.FrameSource;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code serve} sending webhooks to a receiver, when a 3.5 s stream with a mute in it is
 * recorded until it ends by itself, then the receiver gets recording_started, recording_updated
 * (muted, unmuted) and recording_ended with the final stats and the file's facts, every one signed
 * so LiveKit's own {@code WebhookReceiver} accepts it; the one it answered 500 comes again. With
 * the receiver down, the recording is just as good.
 */
class WebhooksTest {
  private static final String SECRET = "webhook-secret-0123456789abcdef";
  private static final String KEY = "liverec-test";
  private static final Duration PLAYED = Duration.ofMillis(3500);

  @TempDir Path dir;

  /** Every mint_id gets 1.5 s of picture and sound, 1 s muted, then 1 s with sound again. */
  private static final SourceFactory MUTE_IN_THE_MIDDLE = new SourceFactory() {
    @Override
    public FrameSource create(MintId mintId) {
      return Scenario.builder().size(320, 240).frameRate(15).play(Duration.ofMillis(1500)).mute()
          .play(Duration.ofSeconds(1)).unmute().play(Duration.ofSeconds(1)).build()
          .source(SourceClock.REAL);
    }

    @Override
    public Optional<StreamFormat> expectedFormat() {
      return Optional.of(new StreamFormat(320, 240, 15));
    }

    @Override
    public String describe() {
      return "3.5 s with a mute";
    }
  };

  private static WebhookConfig webhooks(URI url) {
    return webhooks(url, 5);
  }

  private static WebhookConfig webhooks(URI url, int attempts) {
    return WebhookConfig.builder().url(url).secret(SECRET).apiKey(KEY).maxAttempts(attempts)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
  }

  @Test
  void theReceiverGetsSignedStartedUpdatedAndEndedEventsAndATryAgainAfterA500() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(1);
        RecordingServer server = RecordingServer.start(
            ServerConfig.loopback(0, dir.resolve("recordings")), MUTE_IN_THE_MIDDLE,
            webhooks(receiver.url()))) {
      ApiClient.Response start = new ApiClient(server.port()).start("hooked");
      assertThat(start.status()).isEqualTo(200);
      Path output = Path.of(start.body().path("output_path").asText());

      receiver.await(d -> d.body().contains("\"recording_ended\""), Duration.ofSeconds(60));

      List<WebhookReceiver.Delivery> all = receiver.deliveries();
      io.livekit.server.WebhookReceiver livekit = new io.livekit.server.WebhookReceiver(KEY, SECRET);
      for (WebhookReceiver.Delivery d : all) {
        assertThat(livekit.receive(d.body(), d.authorization()).getEvent())
            .as("LiveKit's receiver verifies the signature and reads the event")
            .startsWith("recording_");
      }
      WebhookReceiver.Delivery first = all.get(0);
      assertThatThrownBy(() -> livekit.receive(first.body() + " ", first.authorization()))
          .as("a body changed on the way does not match its signature")
          .hasMessageContaining("sha256");
      assertThatThrownBy(() -> new io.livekit.server.WebhookReceiver(KEY, "another-secret-0123456")
          .receive(first.body(), first.authorization())).isInstanceOf(Exception.class);

      assertThat(first.answered()).isEqualTo(500);
      assertThat(all.get(1).deliveryId()).as("the refused delivery is tried again")
          .isEqualTo(first.deliveryId());
      assertThat(all.get(1).attempt()).isEqualTo(2);

      List<JsonNode> events = all.stream().filter(d -> d.answered() == 204)
          .map(d -> read(d.body())).toList();
      assertThat(events).extracting(e -> e.path("event").asText())
          .startsWith("recording_started").endsWith("recording_ended")
          .contains("recording_updated");
      assertThat(events).allSatisfy(e -> assertThat(e.path("recording").path("mint_id").asText())
          .isEqualTo("hooked"));
      assertThat(events).filteredOn(e -> e.path("event").asText().equals("recording_updated"))
          .extracting(e -> e.path("update").path("kind").asText() + ":"
              + e.path("update").path("track").asText())
          .containsSubsequence("muted:audio", "unmuted:audio");

      JsonNode ended = events.get(events.size() - 1);
      assertThat(ended.path("recording").path("state").asText()).isEqualTo("stopped");
      assertThat(ended.path("success").asBoolean()).isTrue();
      assertThat(ended.path("file").path("path").asText()).isEqualTo(output.toString());
      assertThat(ended.path("file").path("size").asLong()).isEqualTo(Files.size(output));
      assertThat(ended.path("file").path("media_duration_s").asDouble())
          .isCloseTo(PLAYED.toMillis() / 1000.0, within(0.3));
      assertThat(ended.path("recording").path("stats").path("video_frames_written").asLong())
          .isPositive();
      assertThat(all).allSatisfy(d -> assertThat(d.body()).doesNotContain(SECRET));
    }
  }

  @Test
  void aReceiverThatIsDownLeavesTheRecordingUnaffected() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, dir.resolve("recordings")), MUTE_IN_THE_MIDDLE,
        webhooks(URI.create("http://127.0.0.1:" + closedPort + "/hooks"), 2))) {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Response start = api.start("unheard");
      assertThat(start.status()).isEqualTo(200);
      Path output = Path.of(start.body().path("output_path").asText());

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String state = "";
      while (System.nanoTime() < deadline && !(state = api.status("unheard").body()
          .path("state").asText()).equals("stopped")) {
        Thread.sleep(100);
      }
      assertThat(state).as("the recording ends by itself, as without webhooks")
          .isEqualTo("stopped");
      assertThatRecording(output).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().hasDurationCloseTo(PLAYED, Duration.ofMillis(300));
    }
    assertThat(webhooks(URI.create("http://127.0.0.1:1/")).toString()).doesNotContain(SECRET);
  }

  private static JsonNode read(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("a webhook body that is not JSON: " + body, e);
    }
  }
}
