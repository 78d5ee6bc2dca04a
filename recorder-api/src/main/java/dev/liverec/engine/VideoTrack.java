package dev.liverec.engine;

import dev.liverec.RecorderConfig;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.StreamDescriptor;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import dev.liverec.spi.VideoScaler;
import org.jspecify.annotations.Nullable;

/**
 * The video track: its encoder, a scaler for pictures that reach it unscaled (those that passed
 * the {@link ScaleAhead} stage before the track opened), and (for a recording that may end by the
 * clock) the {@link LastPicture}, so the last picture can be held up to the end.
 *
 * <p>Owns the scaler, the encoder and the last picture; {@link #close()} frees them once. Used by
 * the session thread only.
 */
final class VideoTrack implements AutoCloseable {

  private final String name;
  private final VideoScaler scaler;
  private final VideoEncoder encoder;
  private final TimedPackets packets;
  private final Metrics metrics;
  private final @Nullable LastPicture last;

  /**
   * @param last where to keep the last picture, or null when it is never held
   */
  VideoTrack(String name, VideoScaler scaler, VideoEncoder encoder, TimedPackets packets,
      Metrics metrics, @Nullable LastPicture last) {
    this.name = name;
    this.scaler = scaler;
    this.encoder = encoder;
    this.packets = packets;
    this.metrics = metrics;
    this.last = last;
  }

  /**
   * Opens the track's scaler and encoder for {@code width} x {@code height}.
   *
   * @param holdLast whether to keep the last picture (a recording that may end by the clock)
   */
  static VideoTrack open(RecorderConfig config, EncoderProvider encoders, int width, int height,
      FramePool pool, TimedPackets packets, Metrics metrics, boolean holdLast) {
    VideoScaler scaler = encoders.openScaler(width, height, pool);
    try {
      VideoEncoder encoder = encoders.openVideo(settings(config, width, height));
      return new VideoTrack(config.name(), scaler, encoder, packets, metrics,
          holdLast ? new LastPicture(pool) : null);
    } catch (RuntimeException e) {
      scaler.close();
      throw e;
    }
  }

  /** The encoder settings for a picture of {@code width} x {@code height} under {@code config}. */
  static VideoEncoderSettings settings(RecorderConfig config, int width, int height) {
    return new VideoEncoderSettings(width, height, config.frameRate(),
        config.videoBitRate(width, height), config.gopFrames(), config.preset());
  }

  /** The stream the muxer declares for this track. */
  String encoderName() {
    return encoder.name();
  }

  StreamDescriptor descriptor() {
    return encoder.descriptor();
  }

  /**
   * Scales {@code frame} into the encoder's picture, then encodes it at {@code ptsUs}; takes
   * ownership of {@code frame} on every path: the picture encoded is kept as the last picture
   * when this track holds one, and everything else is freed before this returns.
   *
   * @return the packets the encoder produced
   */
  int write(VideoFrame frame, long ptsUs) {
    VideoFrame picture = Scaling.scale(scaler, frame, metrics);
    try {
      return encode(picture, ptsUs);
    } finally {
      release(picture);
    }
  }

  /** Keeps the encoded picture as the last picture (freeing the one before), or frees it. */
  private void release(VideoFrame picture) {
    LastPicture keep = last;
    if (keep != null) {
      keep.keep(picture);
    } else {
      picture.close();
    }
  }

  /** Whether a last picture is kept that {@link #repeatLast} can encode again. */
  boolean holdsPicture() {
    return last != null && last.get() != null;
  }

  /**
   * Encodes the last picture again at {@code ptsUs}, after the last frame.
   *
   * @return the packets the encoder produced
   * @throws IllegalStateException when no picture is kept
   */
  int repeatLast(long ptsUs) {
    VideoFrame picture = last == null ? null : last.get();
    if (picture == null) {
      throw new IllegalStateException("no picture kept to repeat");
    }
    return encode(picture, ptsUs);
  }

  private int encode(VideoFrame picture, long ptsUs) {
    long started = packets.encodeStarting();
    int produced = encoder.encode(picture, ptsUs, packets);
    packets.encodeEnded(started);
    return produced;
  }

  /** Flushes the encoder's last packets. Once, at the end. */
  void drain() {
    encoder.drain(packets);
  }

  /** Frees the last picture, the encoder and the scaler. Idempotent; never throws. */
  @Override
  public void close() {
    try {
      if (last != null) {
        last.close();
      }
    } finally {
      try {
        encoder.close();
      } finally {
        scaler.close();
      }
    }
  }
}
