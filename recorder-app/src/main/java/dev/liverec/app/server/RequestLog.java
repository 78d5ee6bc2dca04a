package dev.liverec.app.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per answered request, except refusals (4xx): every one is counted by status (shown
 * in {@code /health}), but at most {@link #REFUSALS_PER_WINDOW} are logged per
 * {@link #WINDOW_NANOS}, followed by one line saying how many were left out. So a flood of
 * unauthenticated or malformed requests cannot fill the disk through the log.
 */
final class RequestLog {
  private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
  static final int REFUSALS_PER_WINDOW = 10;
  static final long WINDOW_NANOS = 10_000_000_000L;

  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private long windowStart = System.nanoTime();
  private int loggedInWindow;
  private long suppressedInWindow;

  /** Records one answered request; {@code status} -1 when the connection failed first. */
  void answered(String method, String path, int status, long millis, String reason) {
    byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    if (status >= 400 && status < 500 && !admitRefusalLine()) {
      return;
    }
    String line = printable(truncate(path, 200));
    String why = reason.isEmpty() ? "" : ": " + printable(truncate(reason, 300));
    if (status >= 500) {
      log.warn("{} {} -> {} ({} ms){}", method, line, status, millis, why);
    } else {
      log.info("{} {} -> {} ({} ms){}", method, line, status, millis, why);
    }
  }

  private boolean admitRefusalLine() {
    long suppressed = 0;
    boolean admit;
    synchronized (this) {
      long now = System.nanoTime();
      if (now - windowStart >= WINDOW_NANOS) {
        suppressed = suppressedInWindow;
        windowStart = now;
        loggedInWindow = 0;
        suppressedInWindow = 0;
      }
      admit = loggedInWindow < REFUSALS_PER_WINDOW;
      if (admit) {
        loggedInWindow++;
      } else {
        suppressedInWindow++;
      }
    }
    if (suppressed > 0) {
      log.warn("{} more refused requests were not logged in the last {} s (counts in /health)",
          suppressed, WINDOW_NANOS / 1_000_000_000L);
    }
    return admit;
  }

  /** Requests answered so far, by HTTP status. */
  Map<Integer, Long> counts() {
    Map<Integer, Long> counts = new TreeMap<>();
    byStatus.forEach((status, n) -> counts.put(status, n.sum()));
    return counts;
  }

  /** Keeps a log line one line: control characters become '?'. */
  static String printable(String text) {
    return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
