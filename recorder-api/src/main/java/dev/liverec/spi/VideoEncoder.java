package dev.liverec.spi;

import dev.liverec.frame.VideoFrame;

/** Encodes pictures of any size or pixel format into one fixed-size video stream. */
public interface VideoEncoder extends Encoder {
  /**
   * Encodes {@code frame} at presentation time {@code ptsUs} (microseconds from the start of the
   * recording, strictly increasing) and passes every packet that is ready to {@code sink}. A
   * frame whose size differs from the stream's is scaled to fit, keeping its aspect ratio. The
   * frame stays owned by the caller, who may close it as soon as this returns.
   *
   * @return the number of packets produced
   */
  int encode(VideoFrame frame, long ptsUs, PacketSink sink);
}
