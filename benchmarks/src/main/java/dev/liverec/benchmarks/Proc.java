package dev.liverec.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory and CPU time, from /proc and the platform MXBean. */
final class Proc {
  private Proc() {}

  /** Current resident set size in MiB (VmRSS), or -1 off Linux. */
  static double rssMb() {
    return statusMb("VmRSS:");
  }

  /** Peak resident set size in MiB so far (VmHWM), or -1 off Linux. */
  static double peakRssMb() {
    return statusMb("VmHWM:");
  }

  private static double statusMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** CPU time of the whole process (all threads, native code included), in nanoseconds. */
  static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** Milliseconds since this JVM started. */
  static long uptimeMs() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
