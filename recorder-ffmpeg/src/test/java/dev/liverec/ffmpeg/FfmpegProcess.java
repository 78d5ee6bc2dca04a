package dev.liverec.ffmpeg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: Debian's {@code ffmpeg} command as a long-running process, a publisher (OBS's
 * stand-in) or a file maker, each run one process that is always ended by {@link #close()}
 * (one-shot runs whose output is read: testkit's {@code FfmpegCli}). Its output goes to a log file
 * that failures quote.
 */
final class FfmpegProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private FfmpegProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Skips the calling test, with the reason, when the {@code ffmpeg} command is missing. */
  static void assumeInstalled() {
    assumeTrue(dev.liverec.testkit.FfmpegCli.available(), "the ffmpeg command is not installed "
        + "(apt-get install ffmpeg; .ci/run installs it)");
  }

  /** Skips the calling test, with the reason, when {@code ffmpeg} lacks an output protocol. */
  static void assumeProtocol(String protocol) {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-protocols")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      assumeTrue(out.substring(out.indexOf("Output:")).contains(" " + protocol + "\n"),
          "this ffmpeg command cannot write " + protocol + "://");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Starts {@code ffmpeg} sending {@code seconds} of a moving test picture ({@code testsrc2}) and
   * a 440 Hz tone at {@code width}x{@code height}, 30 fps, in real time, as H.264 and AAC in
   * {@code container} to {@code url}.
   */
  static FfmpegProcess publish(Path dir, String name, int width, int height, double seconds,
      String container, String url, String... extra) {
    List<String> args = new ArrayList<>(List.of("-re", "-f", "lavfi", "-i",
        "testsrc2=size=" + width + "x" + height + ":rate=30", "-re", "-f", "lavfi", "-i",
        "sine=frequency=440:sample_rate=48000", "-t", String.format(Locale.ROOT, "%.2f", seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
        "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"));
    args.addAll(List.of(extra));
    args.addAll(List.of("-f", container, url));
    return start(dir, name, args);
  }

  /**
   * Writes an MP4 of exactly {@code frames} frames of the moving test picture at 30 fps (H.264)
   * with as long a 440 Hz tone (AAC).
   */
  static Path writeFile(Path dir, String name, int width, int height, int frames) {
    Path file = dir.resolve(name + ".mp4");
    run(dir, name, "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-frames:v",
        String.valueOf(frames), "-t", String.format(Locale.ROOT, "%.3f", frames / 30.0),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
        file.toString());
    return file;
  }

  /** Runs {@code ffmpeg} with {@code args} to its end (at most two minutes). */
  static void run(Path dir, String name, String... args) {
    try (FfmpegProcess cli = start(dir, name, List.of(args))) {
      int code = cli.awaitExit(Duration.ofMinutes(2));
      if (code != 0) {
        throw new AssertionError("ffmpeg " + name + " exited " + code + ": " + cli.log());
      }
    }
  }

  private static FfmpegProcess start(Path dir, String name, List<String> args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin",
        "-loglevel", "warning", "-y"));
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      return new FfmpegProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to end; its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("ffmpeg still running after " + timeout + ": " + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A TCP port nothing listens on right now. */
  static int freeTcpPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UDP port nothing is bound to right now. */
  static int freeUdpPort() {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until something listens on TCP {@code port} (or is bound to UDP {@code port}) on this
   * machine, reading the kernel's socket tables, so a publisher is not started before the source
   * listens.
   */
  static void awaitBound(int port, boolean udp, Duration timeout) {
    String hex = String.format(Locale.ROOT, ":%04X ", port);
    long end = System.nanoTime() + timeout.toNanos();
    List<Path> tables = udp ? List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"))
        : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    while (System.nanoTime() < end) {
      for (Path table : tables) {
        try {
          for (String line : Files.readAllLines(table)) {
            String[] cols = line.trim().split("\\s+");
            // local address is column 1, state column 3: 0A is LISTEN for TCP.
            if (cols.length > 3 && (cols[1] + " ").endsWith(hex) && (udp || cols[3].equals("0A"))) {
              return;
            }
          }
        } catch (IOException e) {
          // table missing (no IPv6): try the other one
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("nothing listens on port " + port + " after " + timeout);
  }

  @Override
  public void close() {
    stop(process);
  }

  /** Ends a helper process: asks it to stop, and kills it after five seconds. */
  static void stop(Process process) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
