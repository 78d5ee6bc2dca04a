package dev.liverec.spi;

/**
 * The named steps a frame goes through, in order: its timestamp is normalised, its picture scaled
 * (video, on the scale stage's own thread) or its sound resampled (audio, inside the audio
 * encoder's provider, timed through {@link AudioEncoder#resampleNanos()}), then it is encoded and
 * its packets muxed. {@link Metrics#stageTime} reports how long each took.
 */
public enum Stage {
  /** Any picture to the encoder's: I420 at the output size ({@link VideoScaler}). */
  SCALE,
  /** Any sound to the encoder's rate, channels and sample format. */
  RESAMPLE,
  /** A scaled picture or resampled sound into packets, without the muxing of those packets. */
  ENCODE,
  /** Packets into the file. */
  MUX;

  /** The lower-case name used in stats and metrics ({@code scale}, {@code encode}, ...). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
