package dev.liverec.app.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory (RSS), what the guide's {@code ps aux} column shows: Java heap,
 * JVM, and the native memory of FFmpeg's encoders and JavaCPP's buffers together. Read from
 * {@code /proc/self/status}; where that is missing, the Java heap in use stands in.
 */
final class MemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");

  private MemoryProbe() {}

  /** Resident set size in KiB. */
  static long rssKb() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: fall through
    }
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / 1024;
  }

  /**
   * RSS right after a full garbage collection: the memory the process really holds, without
   * garbage the JVM has not collected yet. G1 gives unused heap back to the OS after a full
   * collection, so a leak (native or Java) shows here, while mere heap growth towards
   * {@code -Xmx} does not. Pauses the process for a few tens of milliseconds.
   */
  static long retainedRssKb() {
    System.gc();
    return rssKb();
  }

  /** Where the figure comes from, for the report. */
  static String source() {
    return Files.isReadable(STATUS) ? "VmRSS from /proc/self/status" : "Java heap in use (no /proc)";
  }
}
