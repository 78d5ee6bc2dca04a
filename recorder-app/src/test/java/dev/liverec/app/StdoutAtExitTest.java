package dev.liverec.app;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a script reading {@code liverec record --json} gets: given a LiveKit recording (the
 * loopback double, real WebRTC), when the process exits, then its stdout is exactly the one JSON
 * line, with nothing webrtc-java's native code prints at exit behind it. And why: a process that
 * only loads webrtc-java and exits with stdout left open gets that native line.
 */
class StdoutAtExitTest {
  private static final String SECRET = "stdout-test-secret-0123456789abcdefghij";

  @TempDir Path dir;

  /**
   * The README's LiveKit path, end to end, as a user runs it: {@code record --source livekit
   * --json} in its own JVM against the loopback test double, through real signalling and WebRTC.
   */
  @Test
  void aLiveKitRecordingsStdoutHoldsOnlyItsJson() throws Exception {
    Path video = dir.resolve("room.mp4");
    try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder()
        .apiKey("devkey", SECRET).room("demo").start()) {
      Result run = java(Main.class, "record", "--source", "livekit", "--url", server.url(),
          "--api-key", "devkey", "--api-secret", SECRET, "--room", "demo", "--duration", "4s",
          "--json", "--output", video.toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).as("one line of JSON and nothing else").endsWith("}\n")
          .hasLineCount(1).doesNotContain("attach");
      JsonNode json = Json.MAPPER.readTree(run.out());
      assertThat(json.path("state").asText()).isEqualTo("stopped");
      assertThat(run.out() + run.err()).doesNotContain(SECRET);
      assertThatRecording(video).hasVideoStream("h264").hasAudioStream("aac")
          .hasVideoSize(640, 360).decodesWithoutErrors()
          .hasDurationCloseTo(Duration.ofSeconds(4), Duration.ofMillis(250));
    }
  }

  @Test
  void webrtcJavaPrintsAtExitUnlessStdoutIsClosedFirst() throws Exception {
    Result open = java(LoadWebRtcThenExit.class, "leave-stdout-open");
    assertThat(open.out()).as("webrtc-java no longer prints at exit? then StdoutAtExit can go")
        .startsWith("{\"done\":true}\n").contains("VM attach current thread failed");

    Result closed = java(LoadWebRtcThenExit.class, "close-stdout");
    assertThat(closed.out()).isEqualTo("{\"done\":true}\n");
  }

  /** Loads webrtc-java's native library, prints one line, and exits. */
  static final class LoadWebRtcThenExit {
    public static void main(String[] args) throws Exception {
      Class.forName("dev.onvoid.webrtc.PeerConnectionFactory"); // its static init loads the library
      System.out.println("{\"done\":true}");
      if (args[0].equals("close-stdout")) {
        StdoutAtExit.close();
      }
      System.exit(0);
    }
  }

  private record Result(int exit, String out, String err) {}

  /** Runs a main class in its own JVM on this test's classpath, as the fat jar's Main-Class runs. */
  private Result java(Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dliverec.logs=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve(main.getSimpleName() + ".out");
    Path err = dir.resolve(main.getSimpleName() + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(main.getSimpleName() + " did not exit within 120 s: "
          + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
