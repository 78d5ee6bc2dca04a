package dev.liverec.app.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The guide's {@code metrics.csv}: {@code Time,FileSize,Memory,Frames,Packets,Streak} with Time
 * in seconds of recording, FileSize in bytes and Memory in KiB (as {@code ps aux} prints RSS).
 */
final class MetricsCsv {
  static final String HEADER = "Time,FileSize,Memory,Frames,Packets,Streak";

  private MetricsCsv() {}

  static void write(Path file, List<MetricSample> samples) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (MetricSample s : samples) {
      lines.add(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%d", s.timeSeconds(), s.fileSize(),
          s.memoryKb(), s.frames(), s.packets(), s.streak()));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
