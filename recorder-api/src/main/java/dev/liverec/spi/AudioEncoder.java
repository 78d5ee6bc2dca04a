package dev.liverec.spi;

import dev.liverec.frame.AudioFrame;

/**
 * Encodes a continuous run of audio into one fixed-format stream. The session guarantees
 * continuity (it fills silence and trims overlaps first), so the encoder times its packets by
 * counting samples from zero. Any sample rate or channel count is converted to the stream's.
 */
public interface AudioEncoder extends Encoder {
  /**
   * Encodes the samples of {@code frame}, which stays owned by the caller.
   *
   * @return the number of packets produced
   */
  int encode(AudioFrame frame, PacketSink sink);

  /**
   * Time spent so far converting sound to the stream's rate, channels and sample format (the
   * resample stage), in nanoseconds, summed over every call; the session reports the part of each
   * {@link #encode} call spent there as {@link Stage#RESAMPLE}. 0 for an encoder that does not
   * measure it (then it counts as encoding).
   */
  default long resampleNanos() {
    return 0;
  }
}
