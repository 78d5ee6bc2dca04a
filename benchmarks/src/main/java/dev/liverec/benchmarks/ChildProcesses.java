package dev.liverec.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes of {@link ProcessRatios}: timed runs, bounded waits, frame counts, clean-up. */
final class ChildProcesses {
  private ChildProcesses() {}

  /**
   * Runs {@code command} under GNU time; returns {wall s, user+sys CPU s, peak RSS MiB}. Fails
   * if the command fails.
   */
  static double[] timed(List<String> command, Path log) throws Exception {
    Path times = Files.createTempFile("liverec-bench-time", ".txt");
    try {
      List<String> wrapped = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(),
          "-f", "%e %U %S %M"));
      wrapped.addAll(command);
      int status = exec(wrapped, log, 900);
      if (status != 0) {
        throw new IllegalStateException(command.get(0) + " " + command.get(1) + " ... exited "
            + status + ": see " + log);
      }
      String[] f = Files.readAllLines(times).stream().filter(l -> !l.isBlank())
          .reduce((x, y) -> y).orElseThrow().trim().split("\\s+");
      return new double[] {Double.parseDouble(f[0]),
          Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]) / 1024.0};
    } finally {
      Files.deleteIfExists(times);
    }
  }

  /** Runs a command, output to {@code log}, waiting at most {@code timeoutS}; its exit status. */
  static int exec(List<String> command, Path log, long timeoutS)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " took over " + timeoutS + " s: see " + log);
    }
    return p.exitValue();
  }

  /** The output must hold every input frame (counted by ffprobe, not trusted from either tool). */
  static void expectFrames(Path mp4, int frames, String tool) throws Exception {
    Path log = Files.createTempFile("liverec-bench-probe", ".txt");
    try {
      exec(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
          "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", mp4.toString()), log, 120);
      String count = Files.readString(log).trim();
      if (!count.equals(Integer.toString(frames))) {
        throw new IllegalStateException(tool + " wrote " + count + " video frames, the input has "
            + frames + ": the two did not do the same work");
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
