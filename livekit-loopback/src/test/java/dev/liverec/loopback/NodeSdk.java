package dev.liverec.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one script of the Node harness in {@code src/test/node} (LiveKit's official {@code
 * @livekit/rtc-node} SDK) against a loopback server, and reads the JSON lines it prints. The API
 * secret travels in the environment, never on the command line. Tests skip, with the reason, where
 * Node or the harness's packages are missing ({@code .ci/run} installs them with {@code npm ci}).
 */
final class NodeSdk implements AutoCloseable {
  static final Path HARNESS = Path.of("src", "test", "node").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final String script;
  private final Process process;
  private final List<JsonNode> lines = new ArrayList<>();
  private final Thread reader;

  private NodeSdk(String script, Process process) {
    this.script = script;
    this.process = process;
    this.reader = new Thread(this::read, "node-" + script);
    reader.setDaemon(true);
    reader.start();
  }

  /** Skips the calling test unless Node and the harness's packages are installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isDirectory(HARNESS.resolve("node_modules/@livekit/rtc-node")),
        "LiveKit's Node SDK is not installed: run `npm ci` in " + HARNESS + " (.ci/run does)");
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
          "`node --version` failed");
    } catch (IOException e) {
      Assumptions.abort("Node.js is not installed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Assumptions.abort("interrupted");
    }
  }

  /** Starts {@code script} with {@code args} against {@code server}, as the given API key. */
  static NodeSdk start(LoopbackLiveKitServer server, String secret, String script,
      String... args) {
    assumeInstalled();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path log = Path.of("target", "node-" + script.replace(".mjs", "") + "-"
        + SERIAL.incrementAndGet() + ".log").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(command).directory(HARNESS.toFile())
        .redirectError(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("LIVEKIT_URL", server.url());
    env.put("LIVEKIT_API_KEY", server.apiKey());
    env.put("LIVEKIT_API_SECRET", secret);
    try {
      return new NodeSdk(script, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + script, e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("{")) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        synchronized (lines) {
          lines.add(node);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; what was read stays.
    }
  }

  /**
   * Waits for the first line whose {@code event} is {@code event}.
   *
   * @throws AssertionError when the script reports an error, exits first, or time runs out
   */
  JsonNode await(String event, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (JsonNode line : lines) {
          if (event.equals(line.path("event").asText())) {
            return line;
          }
          if ("error".equals(line.path("event").asText())) {
            throw new AssertionError(script + " failed: " + line);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError(script + " printed no '" + event + "' line within "
              + timeout.toSeconds() + " s (alive: " + process.isAlive() + "); lines: " + lines);
        }
        lines.wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
    }
  }

  /** Every line with this event, so far. */
  List<JsonNode> all(String event) {
    synchronized (lines) {
      return lines.stream().filter(l -> event.equals(l.path("event").asText())).toList();
    }
  }

  /** Waits for the script to exit; its exit code. */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(script + " did not exit within " + timeout.toSeconds() + " s");
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
