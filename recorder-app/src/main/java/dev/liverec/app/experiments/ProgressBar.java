package dev.liverec.app.experiments;

import java.io.PrintWriter;
import java.util.Locale;

/** One test's progress on one stderr line, redrawn at most a few times a second. */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintWriter err;
  private final String label;
  private long lastDraw;
  private int lastLength;

  ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  /** Redraws with {@code fraction} (0..1) done and a short detail text. */
  void update(double fraction, String detail) {
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && fraction < 1) {
      return;
    }
    lastDraw = now;
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    draw(String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %s", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), f * 100, detail));
  }

  /** Replaces the bar with a final line and moves to the next line. */
  void finish(String line) {
    draw(label + " " + line);
    err.println();
    err.flush();
  }

  private void draw(String line) {
    String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
    err.print("\r" + padded);
    err.flush();
    lastLength = line.length();
  }
}
