package dev.liverec.app;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human durations such as {@code 30s}, {@code 500ms}, {@code 4h}, {@code 1h30m}: more than
 * zero and at most {@link #MAX} (a day).
 */
final class Durations {
  /** The longest duration any option takes. */
  static final Duration MAX = Duration.ofHours(24);
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private Durations() {}

  static Duration parse(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      if (m.group(1).length() > 9) {
        throw tooLong(text);
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      end = m.end();
    }
    if (end != s.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 30s, 500ms, 20m, 4h or 1h30m");
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("duration '" + text + "' is zero; give more, e.g. 30s");
    }
    if (total.compareTo(MAX) > 0) {
      throw tooLong(text);
    }
    return total;
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("duration '" + text + "' is over the maximum of "
        + MAX.toHours() + "h; record in parts");
  }
}
