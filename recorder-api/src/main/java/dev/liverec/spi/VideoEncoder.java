package dev.liverec.spi;

import dev.liverec.frame.VideoFrame;

/** Encodes pictures of any size or pixel format into one fixed-size video stream. */
public interface VideoEncoder extends Encoder {
  /**
   * Encodes {@code frame} at presentation time {@code ptsUs} (microseconds from the start of the
   * recording, strictly increasing) and passes every packet that is ready to {@code sink}. The
   * frame is I420 at the stream's size (what the {@link VideoScaler} makes); it stays owned by
   * the caller, who may close it as soon as this returns.
   *
   * @throws dev.liverec.MediaException for a frame of another format or size
   *
   * @return the number of packets produced
   */
  int encode(VideoFrame frame, long ptsUs, PacketSink sink);
}
