package dev.liverec.app;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A picture size written {@code WIDTHxHEIGHT}: even (H.264 with 4:2:0 colour needs it) and within
 * {@value #MIN}..{@value #MAX} on each side.
 */
public record Size(int width, int height) {
  /** Smallest side. */
  public static final int MIN = 16;
  /** Largest side (the encoder's limit). */
  public static final int MAX = 8192;
  private static final Pattern FORM = Pattern.compile("\\s*(-?\\d{1,9})\\s*x\\s*(-?\\d{1,9})\\s*");

  /**
   * Parses and checks {@code WIDTHxHEIGHT}, e.g. {@code 1920x1080}.
   *
   * @throws IllegalArgumentException with what is wrong and what to write instead
   */
  public static Size parse(String text) {
    Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 1920x1080");
    }
    int w = Integer.parseInt(m.group(1));
    int h = Integer.parseInt(m.group(2));
    if (w < MIN || h < MIN || w > MAX || h > MAX) {
      throw new IllegalArgumentException("size " + w + "x" + h + " is out of range; each side "
          + "must be within " + MIN + ".." + MAX + ", e.g. 1280x720");
    }
    if (w % 2 != 0 || h % 2 != 0) {
      throw new IllegalArgumentException("size " + w + "x" + h + " is odd; H.264 needs even "
          + "sides, use " + (w & ~1) + "x" + (h & ~1));
    }
    return new Size(w, h);
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
