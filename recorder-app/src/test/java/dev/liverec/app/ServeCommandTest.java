package dev.liverec.app;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code serve} command as a process: options, and SIGTERM completing every file. */
class ServeCommandTest {
  private static final Pattern LISTENING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");

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
  void sigtermStopsRunningRecordingsAndLeavesCompleteFiles() throws Exception {
    Path recordings = root.resolve("recordings");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m",
        "-Dliverec.logs=" + root.resolve("logs"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--port", "0", "--size", "640x360", "--recordings", recordings.toString()))
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      int port = awaitPort(out);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> start = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/recording/start"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"mint_id\": \"test_sigterm\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(start.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(start.body());
      Path output = Path.of(body.path("output_path").asText());
      Thread.sleep(2500);

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.size(output)).isPositive();
      assertThatRecording(output).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().isPlayableUntil(Duration.ofMillis(2000));
      assertThat(root.resolve("logs").resolve("recording.log")).content()
          .contains("test_sigterm").contains("shut down");
    } finally {
      process.destroyForcibly();
    }
  }

  private static int awaitPort(BufferedReader out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    StringBuilder seen = new StringBuilder();
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server did not report its port:\n" + seen);
  }
}
