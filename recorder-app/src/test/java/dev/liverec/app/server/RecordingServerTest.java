package dev.liverec.app.server;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.RecordingStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's REST API over real HTTP against a server on a free loopback port. */
class RecordingServerTest {
  private static final String TOKEN = "test-token-0123456789abcdef";

  @TempDir Path root;
  private Path recordings;
  private RecordingServer server;
  private ApiClient api;

  @BeforeEach
  void startServer() throws IOException {
    recordings = root.resolve("recordings");
    server = RecordingServer.start(ServerConfig.loopback(0, recordings),
        SyntheticSourceFactory.endless(640, 360, 30));
    api = new ApiClient(server.port());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void quickStartRecordsStatusStopsAndWritesAPlayableFile() throws Exception {
    long started = System.nanoTime();
    ApiClient.Response start = api.start("test_mint_123");
    assertThat(start.status()).isEqualTo(200);
    assertThat(start.success()).isTrue();
    assertThat(start.body().path("state").asText()).isEqualTo("recording");
    Path output = Path.of(start.body().path("output_path").asText());
    assertThat(output.getParent()).isEqualTo(server.recordings());
    assertThat(output.getFileName().toString()).matches("test_mint_123_\\d{8}T\\d{6}Z\\.mp4");

    Thread.sleep(3000);
    ApiClient.Response first = api.status("test_mint_123");
    Thread.sleep(1500);
    ApiClient.Response second = api.status("test_mint_123");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.success()).isTrue();
    assertThat(first.body().path("state").asText()).isEqualTo("recording");
    assertThat(first.body().path("mint_id").asText()).isEqualTo("test_mint_123");
    assertThat(first.body().path("output_path").asText()).isEqualTo(output.toString());
    JsonNode stats = first.body().path("stats");
    for (String field : statsFieldNames()) {
      assertThat(stats.has(field)).as("stats.%s", field).isTrue();
    }
    assertThat(stats.path("zero_packet_streak").asLong()).isZero();
    JsonNode later = second.body().path("stats");
    assertThat(later.path("video_frames_written").asLong())
        .isGreaterThan(stats.path("video_frames_written").asLong());
    assertThat(later.path("packets_written").asLong())
        .isGreaterThan(stats.path("packets_written").asLong());
    assertThat(second.body().path("file_size").asLong())
        .isGreaterThan(first.body().path("file_size").asLong())
        .isEqualTo(Files.size(output));

    ApiClient.Response stop = api.stop("test_mint_123");
    double wallSeconds = (System.nanoTime() - started) / 1e9;
    assertThat(stop.status()).isEqualTo(200);
    assertThat(stop.success()).isTrue();
    assertThat(stop.body().path("state").asText()).isEqualTo("stopped");
    assertThat(stop.body().path("stats").path("encoder_flush_count").asLong()).isEqualTo(1);

    ApiClient.Response after = api.status("test_mint_123");
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body().path("state").asText()).isEqualTo("stopped");
    assertThat(after.body().path("file_size").asLong()).isEqualTo(Files.size(output));
    assertThat(api.get("/api/recording/active").body().path("count").asInt()).isZero();

    long mediaMs = after.body().path("stats").path("media_duration_ms").asLong();
    assertThat(mediaMs / 1000.0).isCloseTo(wallSeconds, org.assertj.core.data.Offset.offset(1.0));
    assertThatRecording(output)
        .hasVideoStream("h264")
        .hasAudioStream("aac")
        .hasVideoSize(640, 360)
        .hasDurationCloseTo(Duration.ofMillis(mediaMs), Duration.ofMillis(300))
        .decodesWithoutErrors()
        .hasStrictlyIncreasingTimestamps();
  }

  @Test
  void startingTwiceIsAConflictAndStopCanBeRepeated() throws Exception {
    assertThat(api.start("test_twice").status()).isEqualTo(200);
    ApiClient.Response again = api.start("test_twice");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.success()).isFalse();
    assertThat(again.reason()).contains("already recording");

    ApiClient.Response stop = api.stop("test_twice");
    assertThat(stop.status()).isEqualTo(200);
    ApiClient.Response stopAgain = api.stop("test_twice");
    assertThat(stopAgain.status()).isEqualTo(200);
    assertThat(stopAgain.body().path("output_path")).isEqualTo(stop.body().path("output_path"));

    ApiClient.Response restart = api.start("test_twice");
    assertThat(restart.status()).isEqualTo(200);
    assertThat(restart.body().path("output_path").asText())
        .isNotEqualTo(stop.body().path("output_path").asText());
    assertThat(api.stop("test_twice").status()).isEqualTo(200);
  }

  @Test
  void acceptsTheGuidesOptionalFields() throws Exception {
    ApiClient.Response start = api.post("/api/recording/start",
        "{\"mint_id\": \"test_quality\", \"output_format\": \"mp4\", \"video_quality\": \"low\"}");
    assertThat(start.status()).isEqualTo(200);
    assertThat(start.body().path("video_quality").asText()).isEqualTo("low");
    assertThat(start.body().path("output_path").asText()).endsWith(".mp4");
    assertThat(api.stop("test_quality").success()).isTrue();
  }

  @Test
  void unknownIdsAreNotFound() throws Exception {
    ApiClient.Response stop = api.stop("never_started");
    assertThat(stop.status()).isEqualTo(404);
    assertThat(stop.success()).isFalse();
    assertThat(stop.reason()).contains("never_started");
    ApiClient.Response status = api.status("never_started");
    assertThat(status.status()).isEqualTo(404);
    assertThat(status.success()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "{", "not json", "[]", "null", "42", "{}", "{\"mint_id\": 123}", "{\"mint_id\": null}",
      "{\"mint_id\": [\"a\"]}", "{\"mintid\": \"x\"}", "{\"mint_id\": \"a\", \"mint_id\": \"b\"}",
      "{\"mint_id\": \"a\"} {}", "{\"mint_id\": \"a\", \"output_format\": \"mkv\"}",
      "{\"mint_id\": \"a\", \"video_quality\": \"ultra\"}"})
  void malformedBodiesAreBadRequests(String body) throws Exception {
    ApiClient.Response start = api.post("/api/recording/start", body);
    assertThat(start.status()).as(body).isEqualTo(400);
    assertThat(start.success()).isFalse();
    assertThat(start.reason()).isNotBlank();
    ApiClient.Response stop = api.post("/api/recording/stop", body);
    assertThat(stop.status()).as(body).isIn(400, 404);
    assertNothingWritten();
  }

  static Stream<String> unsafeIds() {
    return Stream.of("../x", "..", ".", "", "a".repeat(300), "a".repeat(4096), "a\u0000b",
        "a\nb", "a\rb", "a\tb", "a\u007fb", "a\u001bb", "/etc/passwd", "/tmp/x", "C:\\x", "a/b",
        "a\\b", "a b", "a.mp4", "t\u0435st", "\uff54\uff45\uff53\uff54", "a\u2215b", "a\u2024b",
        "a\u200bb", "a\u00adb", "\u202eabc");
  }

  @ParameterizedTest
  @MethodSource("unsafeIds")
  void unsafeIdsAreBadRequestsAndCreateNoFile(String id) throws Exception {
    String label = describe(id);
    ApiClient.Response start = api.start(id);
    assertThat(start.status()).as(label).isEqualTo(400);
    assertThat(start.success()).isFalse();
    assertThat(start.reason()).contains("mint_id");
    assertThat(api.stop(id).status()).as(label).isEqualTo(400);
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    assertThat(api.get("/api/recording/status/" + encoded).status()).as(label).isEqualTo(400);
    assertNothingWritten();
  }

  @Test
  void oversizedBodiesAreRefused() throws Exception {
    String padded = "{\"mint_id\": \"big\", \"pad\": \"" + "a".repeat(32 * 1024) + "\"}";
    ApiClient.Response declared = api.post("/api/recording/start", padded);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.success()).isFalse();

    HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/api/recording/start"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(padded.getBytes(StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"success\":false");
    assertNothingWritten();
  }

  @Test
  void wrongMethodsAndUnknownPathsAreRefused() throws Exception {
    assertThat(api.get("/api/recording/start").status()).isEqualTo(405);
    assertThat(api.post("/health", "{}").status()).isEqualTo(405);
    ApiClient.Response unknown = api.get("/api/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.success()).isFalse();
  }

  @Test
  void activeHealthAndLivestreamsDescribeTheServer() throws Exception {
    assertThat(api.start("cam-a").status()).isEqualTo(200);
    assertThat(api.start("cam-b").status()).isEqualTo(200);

    ApiClient.Response active = api.get("/api/recording/active");
    assertThat(active.success()).isTrue();
    assertThat(active.body().path("count").asInt()).isEqualTo(2);
    assertThat(active.body().path("recordings").findValuesAsText("mint_id"))
        .containsExactly("cam-a", "cam-b");
    ApiClient.Response health = api.get("/health");
    assertThat(health.success()).isTrue();
    assertThat(health.body().path("status").asText()).isEqualTo("ok");
    assertThat(health.body().path("active_recordings").asInt()).isEqualTo(2);
    ApiClient.Response streams = api.get("/api/livestream/active");
    assertThat(streams.success()).isTrue();
    assertThat(streams.body().path("source").asText()).contains("synthetic");

    assertThat(api.stop("cam-a").success()).isTrue();
    assertThat(api.stop("cam-b").success()).isTrue();
    assertThat(api.get("/health").body().path("active_recordings").asInt()).isZero();
  }

  @Test
  void closingTheServerStopsEveryRecordingWithACompleteFile() throws Exception {
    Path a = Path.of(api.start("shutdown_a").body().path("output_path").asText());
    Path b = Path.of(api.start("shutdown_b").body().path("output_path").asText());
    Thread.sleep(2000);

    server.close();

    for (Path file : List.of(a, b)) {
      assertThatRecording(file).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().isPlayableUntil(Duration.ofMillis(1500));
    }
  }

  @Test
  void aConfiguredTokenIsRequiredOnEveryEndpoint() throws Exception {
    server.close();
    server = RecordingServer.start(ServerConfig.loopback(0, recordings).withToken(TOKEN),
        SyntheticSourceFactory.endless(320, 180, 15));
    ApiClient anonymous = new ApiClient(server.port());
    ApiClient wrong = new ApiClient(server.port(), "wrong-token-0123456789abcdef");
    ApiClient right = new ApiClient(server.port(), TOKEN);

    for (ApiClient client : List.of(anonymous, wrong)) {
      ApiClient.Response health = client.get("/health");
      assertThat(health.status()).isEqualTo(401);
      assertThat(health.success()).isFalse();
      assertThat(health.body().toString()).doesNotContain(TOKEN);
      assertThat(client.start("tok").status()).isEqualTo(401);
      assertThat(client.status("tok").status()).isEqualTo(401);
    }
    assertNothingWritten();
    assertThat(right.get("/health").status()).isEqualTo(200);
    assertThat(right.start("tok").status()).isEqualTo(200);
    assertThat(right.stop("tok").status()).isEqualTo(200);
  }

  @Test
  void bindingBeyondLoopbackNeedsAToken() throws Exception {
    InetAddress any = InetAddress.getByName("0.0.0.0");
    assertThatThrownBy(() -> new ServerConfig(any, 0, recordings, null, 16384, 4, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
    assertThat(new ServerConfig(any, 0, recordings, TOKEN, 16384, 4, 4).toString())
        .doesNotContain(TOKEN);
  }

  /** Every RecordingStats field in snake_case, plus the two names the guide's jq reads. */
  private static List<String> statsFieldNames() {
    Stream<String> fields = Stream.of(RecordingStats.class.getRecordComponents())
        .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT));
    return Stream.concat(fields, Stream.of("pts_jitter_avg", "pts_jitter_max")).toList();
  }

  /** Nothing but the (empty) recordings folder exists under the test's root. */
  private void assertNothingWritten() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      assertThat(all.filter(p -> !p.equals(root))).containsExactly(recordings);
    }
  }

  private static String describe(String id) {
    StringBuilder s = new StringBuilder();
    id.codePoints().limit(40).forEach(c -> s.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
        : String.format(Locale.ROOT, "\\u%04x", c)));
    return s + (id.length() > 40 ? "... (" + id.length() + " chars)" : "");
  }
}
