package dev.liverec.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This JVM's memory as a leak test needs it: resident set size from {@code /proc}, with the Java
 * heap counted by what is in use (test JVMs pre-touch a fixed heap, so all of it is resident from
 * the start and would hide native growth), and the slope of a series of such samples.
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** One sample: milliseconds since the series began, and bytes in use. */
  public record Sample(long elapsedMillis, long bytes) {}

  /** Resident set size of this process, from {@code /proc/self/status}; 0 where there is none. */
  public static long residentBytes() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resident memory with the heap counted by its used part: native memory plus live objects. */
  public static long inUseBytes() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return residentBytes() - heap.getCommitted() + heap.getUsed();
  }

  /** The least-squares slope of {@code samples}, in bytes per minute. */
  public static double slopeBytesPerMinute(List<Sample> samples) {
    if (samples.size() < 2) {
      throw new IllegalArgumentException("a slope needs two samples or more");
    }
    double n = samples.size();
    double meanX = samples.stream().mapToDouble(s -> s.elapsedMillis() / 60_000.0).sum() / n;
    double meanY = samples.stream().mapToDouble(Sample::bytes).sum() / n;
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      double dx = s.elapsedMillis() / 60_000.0 - meanX;
      num += dx * (s.bytes() - meanY);
      den += dx * dx;
    }
    return den == 0 ? 0 : num / den;
  }
}
