package dev.liverec.app.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * What the server knows about its own health, checked when asked (never cached): the recordings
 * folder exists and is a folder, the disk under it has at least {@code minFreeBytes} free, and no
 * recording failed in the last {@link #FAILURE_MEMORY}. {@code /health} and {@code /ready} show
 * the problems; a start is refused while the disk is unusable. Thread-safe.
 */
final class HealthState {
  /** How long a failed recording keeps the server "degraded". */
  static final Duration FAILURE_MEMORY = Duration.ofMinutes(5);
  private static final int FAILURES_KEPT = 20;

  private record Failure(Instant at, String what) {}

  private final Path folder;
  private final long minFreeBytes;
  private final Clock clock;
  private final Deque<Failure> failures = new ArrayDeque<>();

  HealthState(Path folder, long minFreeBytes, Clock clock) {
    this.folder = folder;
    this.minFreeBytes = minFreeBytes;
    this.clock = clock;
  }

  /** Bytes the disk must keep free for the server to call itself healthy and accept starts. */
  long minFreeBytes() {
    return minFreeBytes;
  }

  /** Remembers a recording that failed, for {@code /health}. */
  synchronized void failed(String what) {
    failures.addLast(new Failure(clock.instant(), what));
    while (failures.size() > FAILURES_KEPT) {
      failures.removeFirst();
    }
  }

  /** Failures within {@link #FAILURE_MEMORY}, oldest first. */
  synchronized List<String> recentFailures() {
    Instant since = clock.instant().minus(FAILURE_MEMORY);
    List<String> recent = new ArrayList<>();
    for (Failure f : failures) {
      if (f.at().isAfter(since)) {
        recent.add(f.at() + " " + f.what());
      }
    }
    return recent;
  }

  /**
   * Problems that stop new recordings from being written: the folder is gone or the disk is
   * (nearly) full. Empty when recordings can be written.
   */
  List<String> storageProblems() {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      problems.add("the recordings folder " + folder + " is missing; create it or restart serve");
      return problems;
    }
    long free = folder.toFile().getUsableSpace(); // one statvfs, no scan of the mount table
    if (free < minFreeBytes) {
      problems.add(String.format(Locale.ROOT,
          "the disk holding %s has %.1f MB free, below the %.1f MB minimum; free some space",
          folder, free / 1e6, minFreeBytes / 1e6));
    }
    return problems;
  }

  /**
   * Refuses a start while recordings cannot be written.
   *
   * @throws ApiException 503 with what is wrong
   */
  void checkWritable() {
    List<String> problems = storageProblems();
    if (!problems.isEmpty()) {
      throw ApiException.unavailable("cannot record: " + String.join("; ", problems));
    }
  }
}
