package dev.liverec.spi;

/**
 * The named steps a frame goes through on the session thread, in order: its timestamp is
 * normalised, its picture scaled (video), then it is encoded and its packets muxed. {@link
 * Metrics#stageTime} reports how long each took. (Audio is resampled inside its encoder's
 * provider and counts as encode.)
 */
public enum Stage {
  /** Any picture to the encoder's: I420 at the output size ({@link VideoScaler}). */
  SCALE,
  /** A scaled picture or resampled sound into packets, without the muxing of those packets. */
  ENCODE,
  /** Packets into the file. */
  MUX;

  /** The lower-case name used in stats and metrics ({@code scale}, {@code encode}, ...). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
