package dev.liverec.app;

/** A picture size written {@code WIDTHxHEIGHT}. */
public record Size(int width, int height) {
  /** Parses {@code WIDTHxHEIGHT}, e.g. {@code 1920x1080}. */
  public static Size parse(String text) {
    String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 1920x1080");
    }
    try {
      return new Size(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 1920x1080");
    }
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
