package dev.liverec.spi;

import dev.liverec.frame.VideoFrame;

/**
 * The scale stage: turns any picture into the one the {@link VideoEncoder} takes, I420 at the
 * output size. A picture of another size is scaled to fit with its aspect ratio kept (letterbox),
 * so a resolution change never restarts the encoder; another pixel format is converted.
 *
 * <p>Made by {@link EncoderProvider#openScaler} for one output size and used by one thread at a
 * time. Holds native memory until {@link #close()}.
 */
public interface VideoScaler extends AutoCloseable {
  /**
   * The encoder's picture for {@code frame}: {@code frame} itself when it is I420 at the output
   * size already, else a new frame from the scaler's {@link dev.liverec.frame.FramePool} with the
   * same capture time, which the caller owns and closes. {@code frame} stays the caller's.
   */
  VideoFrame scale(VideoFrame frame);

  /** Frees the scaler's native state. Idempotent. */
  @Override
  void close();
}
