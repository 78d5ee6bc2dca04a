package dev.liverec.app;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code serve} command as a process: options, and SIGTERM completing every file. */
class ServeCommandTest {
  @TempDir Path root;

  @Test
  void refusesToBindBeyondLoopbackWithoutAToken() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("serve", "--bind", "0.0.0.0", "--port", "0", "--token", "",
        "--recordings", root.resolve("rec").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--token");
    assertThat(root.resolve("rec")).doesNotExist();
  }

  @Test
  void rejectsAnUnknownScenario() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("serve", "--port", "0", "--scenario", "nope",
        "--recordings", root.resolve("rec").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("unknown scenario").contains("basic");
  }

  @Test
  void refusesUnsignedWebhooksAndNeverEchoesTheSecret() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("serve", "--port", "0", "--webhook-url", "http://127.0.0.1:9/hooks",
        "--recordings", root.resolve("rec").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--webhook-secret-file");

    Path shortSecret = Files.writeString(root.resolve("secret"), "too-short-secret\n".substring(2));
    StringWriter err2 = new StringWriter();
    cli = Main.commandLine();
    cli.setErr(new PrintWriter(err2));
    exit = cli.execute("serve", "--port", "0", "--webhook-url", "http://127.0.0.1:9/hooks",
        "--webhook-secret-file", shortSecret.toString(),
        "--recordings", root.resolve("rec").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err2.toString()).contains("at least 16 characters").doesNotContain("o-short");
    assertThat(root.resolve("rec")).doesNotExist();
  }

  @Test
  void sigtermStopsRunningRecordingsAndLeavesCompleteFiles() throws Exception {
    Path recordings = root.resolve("recordings");
    try (ServeProcess serve = ServeProcess.start(Map.of("liverec.logs", root.resolve("logs")
        .toString()), Map.of(), "--size", "640x360", "--recordings", recordings.toString())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> start = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + serve.port() + "/api/recording/start"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"mint_id\": \"test_sigterm\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(start.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(start.body());
      Path output = Path.of(body.path("output_path").asText());
      Thread.sleep(2500);

      serve.process().destroy(); // SIGTERM

      assertThat(serve.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.size(output)).isPositive();
      assertThatRecording(output).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().isPlayableUntil(Duration.ofMillis(2000));
      assertThat(root.resolve("logs").resolve("recording.log")).content()
          .contains("test_sigterm").contains("shut down");
    }
  }
}
