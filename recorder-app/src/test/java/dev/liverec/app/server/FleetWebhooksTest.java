package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.app.InProcessCommands;
import dev.liverec.app.Json;
import dev.liverec.cluster.RedisServer;
import dev.liverec.cluster.S3Store;
import dev.liverec.cluster.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet sends the webhooks {@code serve} sends. Given one Redis, one S3 store (S3Proxy), one
 * {@code liverec worker} and two {@code serve --cluster} fronts started with {@code --webhook-url}
 * to one receiver: when a recording is started through front A and stopped through front B, the
 * receiver gets {@code recording_started}, {@code recording_updated} (to recording, to stopping)
 * and {@code recording_ended} (success, the object's size) once each, each signed so LiveKit's own
 * {@code WebhookReceiver} accepts it, whichever front sent it. When a front closes before its
 * receiver took what it read, another front sends those events after the claim idle time, with the
 * same ids, so the receiver can tell them apart from new ones. Ids sort in the order the changes
 * were made, which two fronts may deliver out of order.
 */
class FleetWebhooksTest {
  private static final String SECRET = "fleet-webhook-secret-0123456789";
  private static final String KEY = "liverec-fleet-test";
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  private List<String> cluster = List.of();
  private List<String> hooks = List.of();

  @Test
  void twoFrontsSendEachEventOnceAndAnotherFrontSendsWhatAClosedOneLeft() throws Exception {
    try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        S3Store s3 = new S3Store(dir.resolve("s3"));
        WebhookReceiver receiver = new WebhookReceiver(0)) {
      cluster = List.of("--cluster", redis.uri().toString(), "--heartbeat", "500ms",
          "--heartbeat-ttl", "3s", "--webhook-claim-idle", "3s");
      Path secret = Files.writeString(dir.resolve("webhook.secret"), SECRET + "\n");
      hooks = List.of("--webhook-url", receiver.url().toString(), "--webhook-secret-file",
          secret.toString(), "--webhook-key", KEY);
      try (Worker worker = worker(s3);
          RecordingServer a = front(hooks)) {
        RecordingServer b = front(hooks);
        try {
          startedOnAStoppedOnB(new ApiClient(a.port()), new ApiClient(b.port()), receiver);
          aClosedFrontsEventsAreSentByAnother(a, b, receiver);
        } finally {
          b.close();
        }
      }
    }
  }

  private void startedOnAStoppedOnB(ApiClient frontA, ApiClient frontB, WebhookReceiver receiver)
      throws Exception {
    // When a recording is started through front A, records a few seconds, is stopped through B
    assertThat(frontA.start("fleet_hooks").status()).isEqualTo(200);
    Await.until(WAIT, "2 s of media uploaded", () -> frontB.status("fleet_hooks").body()
        .path("stats").path("media_duration_ms").asLong() >= 2000);
    JsonNode stopped = frontB.stop("fleet_hooks").body();
    assertThat(stopped.path("state").asText()).isEqualTo("stopped");

    // Then the receiver gets each of its events once, each signed as LiveKit signs
    receiver.await(d -> d.body().contains("\"recording_ended\""), WAIT);
    List<JsonNode> events = delivered(receiver, "fleet_hooks");
    assertThat(events).extracting(e -> e.path("event").asText() + ":"
            + e.path("update").path("kind").asText() + ":"
            + e.path("recording").path("state").asText())
        .containsExactly("recording_started::pending", "recording_updated:state:recording",
            "recording_updated:state:stopping", "recording_ended::stopped");
    assertThat(events.get(1).path("update").path("from").asText()).isEqualTo("pending");
    assertThat(events.get(1).path("update").path("message").asText()).contains("on worker w1");
    assertThat(events).extracting(e -> e.path("id").asText()).doesNotHaveDuplicates();

    // And the ended event names the object the fleet stored, its bytes and media
    JsonNode ended = events.get(3);
    assertThat(ended.path("success").asBoolean()).isTrue();
    assertThat(ended.path("file").path("path").asText())
        .startsWith("s3://" + S3Store.BUCKET + "/fleet/fleet_hooks/")
        .isEqualTo(stopped.path("output_path").asText());
    assertThat(ended.path("file").path("size").asLong()).isPositive()
        .isEqualTo(stopped.path("file_size").asLong());
    assertThat(ended.path("file").path("media_duration_s").asDouble()).isGreaterThanOrEqualTo(2.0);
    assertThat(ended.path("recording").path("parts")).hasSize(1);
  }

  private void aClosedFrontsEventsAreSentByAnother(RecordingServer a, RecordingServer b,
      WebhookReceiver receiver) throws Exception {
    // Given front A gone, and the receiver in trouble (it answers 500)
    a.close();
    receiver.failing(true);
    // When front B reads the next start's event and closes before the receiver took it
    assertThat(new ApiClient(b.port()).start("handed_over").status()).isEqualTo(200);
    WebhookReceiver.Delivery refused = receiver.await(d -> d.answered() == 500
        && d.body().contains("\"recording_started\"") && d.body().contains("handed_over"), WAIT);
    b.close();
    receiver.failing(false);

    // Then a new front sends it after the claim idle time, with the same id
    try (RecordingServer c = front(hooks)) {
      WebhookReceiver.Delivery sent = receiver.await(d -> d.answered() == 204
          && d.deliveryId().equals(refused.deliveryId()), WAIT);
      assertThat(read(sent.body()).path("id").asText()).isEqualTo(refused.deliveryId());
      assertThat(read(sent.body()).path("recording").path("mint_id").asText())
          .isEqualTo("handed_over");
      // And the recording goes on to its end, told once
      assertThat(new ApiClient(c.port()).stop("handed_over").status()).isEqualTo(200);
      receiver.await(d -> d.answered() == 204 && d.body().contains("\"recording_ended\"")
          && d.body().contains("handed_over"), WAIT);
      assertThat(delivered(receiver, "handed_over")).extracting(e -> e.path("event").asText())
          .containsExactly("recording_started", "recording_updated", "recording_updated",
              "recording_ended");
    }
  }

  /**
   * The events of one recording the receiver took (answered 204), each verified by LiveKit, in
   * the order the fleet made them: their ids sort so (two fronts may deliver them out of order).
   */
  private static List<JsonNode> delivered(WebhookReceiver receiver, String mint) throws Exception {
    io.livekit.server.WebhookReceiver livekit = new io.livekit.server.WebhookReceiver(KEY, SECRET);
    List<JsonNode> out = new ArrayList<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      JsonNode event = read(d.body());
      if (d.answered() != 204 || !mint.equals(event.path("recording").path("mint_id").asText())) {
        continue;
      }
      assertThat(livekit.receive(d.body(), d.authorization()).getEvent())
          .as("LiveKit's receiver verifies the signature and reads the event")
          .isEqualTo(event.path("event").asText());
      assertThat(d.deliveryId()).isEqualTo(event.path("id").asText());
      assertThat(d.body()).doesNotContain(SECRET);
      out.add(event);
    }
    out.sort(java.util.Comparator.comparing(e -> e.path("id").asText(),
        FleetWebhooksTest::byEntry));
    return out;
  }

  /** Compares ids {@code EV_<ms>-<sequence>} as the stream entries they name. */
  private static int byEntry(String a, String b) {
    String[] x = a.substring(3).split("-");
    String[] y = b.substring(3).split("-");
    int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
  }

  private Worker worker(S3Store s3) throws Exception {
    Path credentials = Files.writeString(dir.resolve("s3.credentials"),
        "access_key=" + S3Store.ACCESS + "\nsecret_key=" + S3Store.SECRET + "\n");
    List<String> args = new ArrayList<>(List.of("--id", "w1", "--cpus", "1",
        "--storage", "s3://" + S3Store.BUCKET + "/fleet",
        "--s3-endpoint", s3.endpoint().toString(), "--s3-credentials-file", credentials.toString(),
        "--upload-interval", "500ms", "--buffer", dir.resolve("buffer").toString(),
        "--drain-timeout", "20s"));
    args.addAll(cluster.subList(0, 6));
    return InProcessCommands.worker(args.toArray(String[]::new));
  }

  private RecordingServer front(List<String> webhooks) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--size", "320x180", "--fps",
        "15"));
    args.addAll(cluster);
    args.addAll(webhooks);
    return InProcessCommands.serve(args.toArray(String[]::new));
  }

  private static JsonNode read(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("a webhook body that is not JSON: " + body, e);
    }
  }
}
