package dev.liverec.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Figures JMH cannot carry (the session's own latency histogram, drop counts) appended as one
 * tab-separated line of {@code key=value} per trial to the file named by the system property
 * {@code liverec.bench.sidecar} (default {@code target/bench/sidecar.tsv}). JMH passes the host's
 * system properties to its forks, so every fork writes to the same file.
 */
final class Sidecar {
  private Sidecar() {}

  static Path file() {
    return Path.of(System.getProperty("liverec.bench.sidecar", "target/bench/sidecar.tsv"));
  }

  static synchronized void write(String kind, String... fields) {
    StringBuilder line = new StringBuilder("kind=").append(kind);
    for (String f : fields) {
      line.append('\t').append(f);
    }
    line.append('\n');
    try {
      Path file = file().toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("could not write the sidecar line: " + e);
    }
  }
}
