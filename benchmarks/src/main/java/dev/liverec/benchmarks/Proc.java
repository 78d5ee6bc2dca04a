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
    return statusMb(Path.of("/proc/self/status"), key);
  }

  private static double statusMb(Path status, String key) {
    try {
      for (String line : Files.readAllLines(status)) {
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

  /** Clock ticks per second of /proc/PID/stat's times (USER_HZ; 100 on every Linux build). */
  private static final long TICKS_PER_SECOND = 100;

  /**
   * User + system CPU time of process {@code pid} (all its threads), in seconds, from fields 14
   * and 15 of {@code /proc/PID/stat}; -1 if it cannot be read (gone, or not Linux).
   */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; the fields after it start past its ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size of process {@code pid} in MiB (VmRSS), or -1. */
  static double rssMb(long pid) {
    return statusMb(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  /** RSS after a full GC, in MiB: the Java heap's own garbage is not what callers measure. */
  static double settledRssMb() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    return rssMb();
  }

  /** Milliseconds since this JVM started. */
  static long uptimeMs() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
