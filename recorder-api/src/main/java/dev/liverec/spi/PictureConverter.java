package dev.liverec.spi;

import dev.liverec.frame.VideoFrame;

/**
 * A faster route from a packed RGB picture to I420 of the same size than the scale stage's own,
 * found with {@link java.util.ServiceLoader} like the other providers ({@code
 * dev.liverec:recorder-libyuv} provides libyuv's SIMD routines). The scale stage offers it every
 * packed picture that is already at the output size; whatever it does not {@link #accepts accept}
 * (another size, format or row layout) goes to the {@link EncoderProvider}'s {@link VideoScaler}
 * as before, so a converter can only make a recording cheaper, never refuse one.
 *
 * <p>Colours: BT.601, limited range (Y 16-235), as the scale stage's own conversion, so a
 * recording looks the same whichever converted it.
 *
 * <p>Stateless and safe to call from any thread: it writes into the caller's frame and holds no
 * native memory of its own.
 */
public interface PictureConverter {
  /** A short name for logs and stats, like {@code "libyuv"}. */
  String name();

  /** Among several converters on the class path the highest priority is used. */
  default int priority() {
    return 0;
  }

  /**
   * Whether {@link #toI420} takes {@code packed}: its pixel format and its row layout (some
   * routines need rows without padding). Cheap; asked for every picture.
   */
  boolean accepts(VideoFrame packed);

  /**
   * Writes {@code packed}, which this {@link #accepts}, into {@code i420}: an I420 frame of the
   * same width and height that the caller owns. Neither frame is closed.
   *
   * @throws dev.liverec.MediaException when the conversion fails
   */
  void toI420(VideoFrame packed, VideoFrame i420);
}
