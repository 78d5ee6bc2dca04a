package dev.liverec.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStatus;
import dev.liverec.cluster.ClusterException;
import dev.liverec.cluster.PartRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of one {@code record-part} child ({@link RecordPartCommand}): reads its status
 * and result lines, logs its stderr with a prefix, and stops it with a {@code stop} line, then
 * SIGTERM, then SIGKILL, each wait bounded. A child that ends without a result line died (killed,
 * native crash): {@link #died()}.
 */
final class ChildPartRecorder implements PartRecorder {
  private static final Logger log = LoggerFactory.getLogger(ChildPartRecorder.class);
  /** Longest wait for a child's first status: a JVM start on a busy machine. */
  static final Duration START_WAIT = Duration.ofSeconds(60);
  /** A clean stop writes the index into the file's front: seconds at most. */
  static final Duration STOP_WAIT = Duration.ofSeconds(20);
  static final Duration SIGNAL_WAIT = Duration.ofSeconds(5);

  private final Process process;
  private final String label;
  private final Path file;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile @Nullable RecordingStatus status;
  private volatile @Nullable RecordingResult result;
  private volatile boolean stopAsked;
  private volatile String lastError = "";

  private ChildPartRecorder(Process process, String label, Path file) {
    this.process = process;
    this.label = label;
    this.file = file;
  }

  /**
   * Watches a started child until it reports that it records.
   *
   * @throws ClusterException when it ends or stays silent before recording, with its last error
   */
  static ChildPartRecorder start(Process process, String label, Path file) {
    ChildPartRecorder child = new ChildPartRecorder(process, label, file);
    child.thread("out", () -> child.readProtocol(process.getInputStream()));
    child.thread("err", () -> child.logErrors(process.getErrorStream()));
    boolean reported;
    try {
      reported = child.started.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reported = false;
    }
    if (!reported || child.status == null) {
      child.close();
      throw new ClusterException("the recorder process of " + label + " did not start recording"
          + (reported ? "" : " within " + START_WAIT.toSeconds() + " s") + ": "
          + (child.lastError.isEmpty() ? "exit code " + exitCode(process) : child.lastError));
    }
    log.info("[{}] recording in process {}", label, process.pid());
    return child;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public RecordingStatus status() {
    RecordingResult r = result;
    RecordingStatus s = status;
    if (s == null) {
      throw new IllegalStateException("no status before start");
    }
    if (r != null) {
      return new RecordingStatus(s.name(), r.state(), r.failureReason(), file, s.startedAt(), r.stats());
    }
    if (ended.getCount() == 0) {
      return new RecordingStatus(s.name(), RecordingState.FAILED, deathReason(), file,
          s.startedAt(), s.stats());
    }
    return s;
  }

  @Override
  public boolean died() {
    return ended.getCount() == 0 && result == null && !stopAsked;
  }

  @Override
  public RecordingResult stop() {
    stopAsked = true;
    try {
      OutputStream in = process.getOutputStream();
      in.write((RecordPartCommand.STOP + "\n").getBytes(StandardCharsets.UTF_8));
      in.close();
    } catch (IOException e) {
      log.debug("[{}] the recorder process no longer reads: {}", label, e.getMessage());
    }
    if (!awaitEnd(STOP_WAIT)) {
      log.warn("[{}] the recorder process did not stop within {} s: SIGTERM", label,
          STOP_WAIT.toSeconds());
      process.destroy();
      if (!awaitEnd(SIGNAL_WAIT)) {
        log.warn("[{}] the recorder process ignored SIGTERM: SIGKILL", label);
        process.destroyForcibly();
        awaitEnd(SIGNAL_WAIT);
      }
    }
    RecordingResult r = result;
    if (r != null) {
      return r;
    }
    RecordingStatus s = status();
    return new RecordingResult(RecordingState.FAILED, deathReason(), file,
        Duration.ofMillis(s.stats().mediaDurationMs()), s.stats().bytesWritten(), s.stats());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitEnd(SIGNAL_WAIT);
    }
  }

  private void readProtocol(InputStream out) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        take(line);
      }
    } catch (IOException e) {
      log.debug("[{}] recorder process output ended: {}", label, e.getMessage());
    } finally {
      try {
        process.waitFor(SIGNAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ended.countDown();
      started.countDown();
      if (died()) {
        log.error("[{}] {}", label, deathReason());
      }
    }
  }

  private void take(String line) {
    JsonNode node;
    try {
      node = line.startsWith("{") ? Json.MAPPER.readTree(line) : null;
    } catch (IOException e) {
      node = null;
    }
    if (node != null && node.has("status")) {
      status = Json.statusFrom(node.get("status"));
      started.countDown();
    } else if (node != null && node.has("result")) {
      result = Json.resultFrom(node.get("result"));
    } else {
      log.info("[{}] {}", label, line); // something native wrote to stdout
    }
  }

  private void logErrors(InputStream err) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("WARN") || line.startsWith("ERROR")) {
          lastError = line.strip();
          log.warn("[{}] {}", label, line);
        } else if (!line.isBlank()) {
          lastError = line.strip();
          log.info("[{}] {}", label, line);
        }
      }
    } catch (IOException e) {
      log.debug("[{}] recorder process errors ended: {}", label, e.getMessage());
    }
  }

  private String deathReason() {
    int code = exitCode(process);
    String how = code > 128 ? "exit code " + code + ", signal " + (code - 128) : "exit code " + code;
    return "recorder process " + process.pid() + " ended without a result (" + how + ")"
        + (lastError.isEmpty() ? "" : ": " + lastError);
  }

  private boolean awaitEnd(Duration wait) {
    try {
      return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int exitCode(Process process) {
    try {
      return process.exitValue();
    } catch (IllegalThreadStateException e) {
      return -1;
    }
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(body, "liverec-part-" + name + "-" + process.pid());
    t.setDaemon(true);
    t.start();
  }
}
