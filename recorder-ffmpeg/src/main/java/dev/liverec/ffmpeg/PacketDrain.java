package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import dev.liverec.spi.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The half of the starvation fix both encoders share: after each frame sent, receive every packet
 * the codec has ready until it says EAGAIN (or EOF once drained), lend each to the sink, and unref
 * it. Owns nothing: the encoder that creates it owns the context and the packet.
 */
final class PacketDrain {
  private final AVCodecContext context;
  private final AVPacket packet;
  private final FfmpegPacket lent;
  private final String codecName;
  private final long defaultDuration;

  /** @param defaultDuration duration given to packets the codec leaves at 0 (0 keeps them) */
  PacketDrain(AVCodecContext context, AVPacket packet, String codecName, long defaultDuration) {
    this.context = context;
    this.packet = packet;
    this.lent = new FfmpegPacket(packet);
    this.codecName = codecName;
    this.defaultDuration = defaultDuration;
  }

  /** Passes every ready packet to {@code sink}; returns how many there were. */
  int receiveReady(PacketSink sink) {
    int produced = 0;
    while (true) {
      int ret = avcodec_receive_packet(context, packet);
      if (ret == Ffmpeg.EAGAIN || ret == AVERROR_EOF) {
        return produced;
      }
      if (ret < 0) {
        Ffmpeg.check(ret, "receiving a packet from " + codecName);
      }
      try {
        if (defaultDuration > 0 && packet.duration() == 0) {
          packet.duration(defaultDuration);
        }
        sink.accept(lent);
        produced++;
      } finally {
        av_packet_unref(packet);
      }
    }
  }
}
