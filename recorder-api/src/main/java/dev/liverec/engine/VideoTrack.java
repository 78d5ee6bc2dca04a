package dev.liverec.engine;

import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.StreamDescriptor;
import dev.liverec.spi.VideoEncoder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video track: its encoder, the size of the pictures coming in, and (for a recording that
 * may end by the clock) the {@link LastPicture}, so the last picture can be held up to the end.
 *
 * <p>Owns the encoder and the last picture; {@link #close()} frees both once. Used by the session
 * thread only.
 */
final class VideoTrack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VideoTrack.class);

  private final String name;
  private final VideoEncoder encoder;
  private final PacketSink packets;
  private final Metrics metrics;
  private final @Nullable LastPicture last;
  private int lastWidth;
  private int lastHeight;

  /**
   * @param last where to keep the last picture, or null when it is never held
   */
  VideoTrack(String name, VideoEncoder encoder, PacketSink packets, Metrics metrics,
      @Nullable LastPicture last) {
    this.name = name;
    this.encoder = encoder;
    this.packets = packets;
    this.metrics = metrics;
    this.last = last;
  }

  /** The stream the muxer declares for this track. */
  String encoderName() {
    return encoder.name();
  }

  StreamDescriptor descriptor() {
    return encoder.descriptor();
  }

  /**
   * Encodes {@code frame} at {@code ptsUs}. The frame stays the caller's, who passes it to
   * {@link #release} when done with it.
   *
   * @return the packets the encoder produced
   */
  int write(VideoFrame frame, long ptsUs) {
    trackSize(frame);
    return encoder.encode(frame, ptsUs, packets);
  }

  /**
   * Takes over a frame the pipeline is done with: keeps it as the last picture (freeing the one
   * kept before) when this track holds one, else frees it.
   */
  void release(VideoFrame frame) {
    LastPicture keep = last;
    if (keep != null) {
      keep.keep(frame);
    } else {
      frame.close();
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
    return encoder.encode(picture, ptsUs, packets);
  }

  /** Flushes the encoder's last packets. Once, at the end. */
  void drain() {
    encoder.drain(packets);
  }

  private void trackSize(VideoFrame frame) {
    if (frame.width() == lastWidth && frame.height() == lastHeight) {
      return;
    }
    if (lastWidth != 0) {
      log.info("[{}] resolution change {}x{} -> {}x{}", name, lastWidth, lastHeight,
          frame.width(), frame.height());
      metrics.resolutionChanged(frame.width(), frame.height());
    }
    lastWidth = frame.width();
    lastHeight = frame.height();
  }

  /** Frees the last picture and the encoder. Idempotent; never throws. */
  @Override
  public void close() {
    try {
      if (last != null) {
        last.close();
      }
    } finally {
      encoder.close();
    }
  }
}
