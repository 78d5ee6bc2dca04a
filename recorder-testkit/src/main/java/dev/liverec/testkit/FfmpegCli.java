package dev.liverec.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ffmpeg} command-line tool (Debian's package), run the same way by every test that
 * needs an independent FFmpeg: to write input files, or to analyse a recording
 * ({@link CliMarkers}). Errors are {@link ProbeException}s carrying ffmpeg's last lines.
 */
public final class FfmpegCli {
  private FfmpegCli() {}

  /** Whether an {@code ffmpeg} binary is on the PATH. */
  public static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code ffmpeg -hide_banner -nostdin -v error ARGS} and returns what it printed (stdout
   * and stderr together).
   *
   * @throws ProbeException when it fails, or runs longer than {@code timeout} (then it is killed)
   */
  public static List<String> run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v",
        "error"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ProbeException("ffmpeg did not finish within " + timeout.toSeconds() + " s: "
            + String.join(" ", args));
      }
      if (process.exitValue() != 0) {
        throw new ProbeException("ffmpeg failed (" + String.join(" ", args) + "): "
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
      }
      return lines;
    } catch (IOException e) {
      throw new ProbeException("could not run ffmpeg: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while running ffmpeg");
    }
  }

  /**
   * Writes {@code frames} frames of FFmpeg's {@code testsrc2} pattern at {@code width} x
   * {@code height}, 30 fps, H.264, to {@code out} (its extension picks the container), with a
   * 1 kHz tone when {@code tone} is set.
   */
  public static Path writeTestPattern(Path out, int width, int height, int frames, boolean tone) {
    List<String> args = new ArrayList<>(List.of("-y", "-f", "lavfi", "-i",
        "testsrc2=size=" + width + "x" + height + ":rate=30"));
    if (tone) {
      args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
          "-c:a", "aac", "-shortest"));
    }
    args.addAll(List.of("-frames:v", Integer.toString(frames), "-c:v", "libx264", "-preset",
        "ultrafast", "-pix_fmt", "yuv420p", out.toString()));
    run(Duration.ofSeconds(120), args.toArray(String[]::new));
    return out;
  }
}
