package dev.liverec.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /**
   * User + system CPU ticks of each thread of this process now, by "tid name" (the kernel's
   * thread name, at most 15 characters: threads started by native code without a name of their
   * own, such as libx264's workers, carry the process's name, {@code java}). Empty off Linux.
   */
  static Map<String, Long> threadTicks() {
    Map<String, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.put(task.getFileName() + " " + name,
              Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException gone) {
          // The thread ended between listing and reading: its time is lost to both snapshots.
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return ticks;
  }

  /**
   * Cores used by each group of threads between two {@link #threadTicks()} snapshots {@code
   * wallS} seconds apart, busiest first; a group is a thread name with its trailing number
   * removed (so {@code GC Thread#0} and {@code #1} add up).
   */
  static Map<String, Double> threadCores(Map<String, Long> before, Map<String, Long> after,
      double wallS) {
    Map<String, Double> groups = new HashMap<>();
    after.forEach((key, t) -> {
      long used = t - before.getOrDefault(key, 0L);
      String group = key.substring(key.indexOf(' ') + 1).replaceAll("[#-]?[0-9]+$", "");
      groups.merge(group, used / (double) TICKS_PER_SECOND / wallS, Double::sum);
    });
    Map<String, Double> sorted = new LinkedHashMap<>();
    groups.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
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
