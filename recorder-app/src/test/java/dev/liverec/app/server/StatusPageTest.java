package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.testkit.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code serve} with three recordings running, when Debian's Chromium (headless) opens the
 * status page at {@code /}, then the page lists all three with the values the status API gives
 * within one update, draws each one's chart, stops a recording with its Stop button and plays the
 * finished file in its player. With a token, the page and its data are refused without it.
 */
class StatusPageTest {
  private static final String TOKEN = "page-token-0123456789abcdef";
  private static final List<String> IDS = List.of("page_one", "page_two", "page_three");
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** The page's rows, as the test reads them. */
  private static final String ROWS = "JSON.stringify([...document.querySelectorAll('tr[data-mint]')]"
      + ".map(r => ({id: r.dataset.mint, state: r.dataset.state,"
      + " size: +r.querySelector('.size').dataset.value,"
      + " frames: +r.querySelector('.frames').dataset.value,"
      + " packets: +r.querySelector('.packets').dataset.value,"
      + " media: +r.querySelector('.media').dataset.value}))).toString()";

  @TempDir Path dir;

  @Test
  void thePageShowsThreeRecordingsLiveStopsOneAndPlaysIt() throws Exception {
    assumeTrue(HeadlessChromium.available(), "Debian's chromium is not installed (.ci/run does)");
    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, dir.resolve("recordings")),
        SyntheticSourceFactory.endless(320, 240, 15))) {
      ApiClient api = new ApiClient(server.port());
      for (String id : IDS) {
        assertThat(api.start(id).status()).isEqualTo(200);
      }
      String page = "http://127.0.0.1:" + server.port() + "/";
      try (HeadlessChromium chromium = HeadlessChromium.openWithDevTools(page,
              dir.resolve("chromium"));
          DevTools tab = DevTools.connect(chromium.devToolsPort())) {
        tab.await("document.querySelectorAll('tr[data-mint]').length", v -> v.asInt() == 3, WAIT);

        // Within one update: what the page shows lies between two API snapshots around it.
        Map<String, JsonNode> before = statuses(api);
        int seen = tab.evaluate("+document.body.dataset.updates").asInt();
        tab.await("+document.body.dataset.updates", v -> v.asInt() >= seen + 2, WAIT);
        JsonNode rows = read(tab.evaluate(ROWS).asText());
        Map<String, JsonNode> after = statuses(api);
        assertThat(rows).hasSize(3);
        for (JsonNode row : rows) {
          String id = row.path("id").asText();
          assertThat(IDS).contains(id);
          assertThat(row.path("state").asText()).isEqualTo("recording");
          for (String[] field : new String[][] {{"size", "file_size"},
              {"frames", "stats/video_frames_written"}, {"packets", "stats/packets_written"},
              {"media", "stats/media_duration_ms"}}) {
            assertThat(row.path(field[0]).asLong()).as(id + " " + field[0])
                .isBetween(value(before.get(id), field[1]), value(after.get(id), field[1]));
          }
        }

        // Every chart has drawn lines, not just its background.
        tab.await("[...document.querySelectorAll('canvas.chart')].every(c => {"
            + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + " let inked = 0; for (let i = 0; i < d.length; i += 4) {"
            + " if (d[i] < 200 || d[i + 2] < 200) inked++; } return inked > 20; })",
            JsonNode::asBoolean, WAIT);

        // Stop from the page ends the recording, for the API too.
        tab.evaluate("document.querySelector('tr[data-mint=\"page_two\"] button.stop').click()");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline
            && !api.status("page_two").body().path("state").asText().equals("stopped")) {
          Thread.sleep(100);
        }
        assertThat(api.status("page_two").body().path("state").asText()).isEqualTo("stopped");
        assertThat(api.status("page_one").body().path("state").asText()).isEqualTo("recording");

        // The finished recording plays in the page's player.
        String video = "document.querySelector('tr[data-mint=\"page_two\"] video.player')";
        tab.await(video + " !== null", JsonNode::asBoolean, WAIT);
        tab.evaluate(video + ".muted = true; " + video + ".play().then(() => true)");
        JsonNode played = tab.await("(() => { const v = " + video + "; return {time: v.currentTime,"
            + " width: v.videoWidth, error: v.error ? v.error.code : 0}; })()",
            v -> v.path("time").asDouble() > 0.5 || v.path("error").asInt() != 0, WAIT);
        assertThat(played.path("error").asInt()).isZero();
        assertThat(played.path("width").asInt()).isEqualTo(320);
      }
    }
  }

  @Test
  void withATokenThePageAndItsDataAreRefusedWithoutIt() throws Exception {
    assumeTrue(HeadlessChromium.available(), "Debian's chromium is not installed (.ci/run does)");
    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, dir.resolve("recordings")).withToken(TOKEN),
        SyntheticSourceFactory.endless(320, 240, 15))) {
      assertThat(new ApiClient(server.port(), TOKEN).start("guarded").status()).isEqualTo(200);
      String page = "http://127.0.0.1:" + server.port() + "/";
      try (HeadlessChromium chromium = HeadlessChromium.openWithDevTools("about:blank",
              dir.resolve("chromium"));
          DevTools tab = DevTools.connect(chromium.devToolsPort())) {
        tab.answerLogins("operator", null); // the person at the prompt cancels
        tab.navigate(page);
        tab.await("document.readyState === 'complete' && document.title",
            v -> v.asText().contains("token needed"), WAIT);
        assertThat(tab.evaluate("document.querySelectorAll('tr[data-mint]').length").asInt())
            .isZero();
        assertThat(tab.evaluate("fetch('/api/recording/active').then(r => r.status)").asInt())
            .isEqualTo(401);

        // This time the person gives the token as the password.
        tab.answerLogins("operator", TOKEN);
        tab.navigate(page);
        tab.await("document.querySelectorAll('tr[data-mint=\"guarded\"]').length",
            v -> v.asInt() == 1, WAIT);
      }
    }
  }

  private static Map<String, JsonNode> statuses(ApiClient api) throws Exception {
    Map<String, JsonNode> all = new java.util.HashMap<>();
    for (JsonNode r : api.get("/api/recording/active").body().path("recordings")) {
      all.put(r.path("mint_id").asText(), r);
    }
    return all;
  }

  private static long value(JsonNode status, String path) {
    JsonNode node = status;
    for (String part : path.split("/")) {
      node = node.path(part);
    }
    return node.asLong();
  }

  private static JsonNode read(String json) throws Exception {
    return dev.liverec.app.Json.MAPPER.readTree(json);
  }
}
