package dev.liverec.ffmpeg;

import dev.liverec.spi.EncodedPacket;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * An encoder's {@link AVPacket}, lent to a packet sink for one call. The encoder owns the packet;
 * {@link FragmentedMp4Muxer} recognises this class and writes the native packet without a copy.
 */
final class FfmpegPacket implements EncodedPacket {
  private final AVPacket packet;

  FfmpegPacket(AVPacket packet) {
    this.packet = packet;
  }

  AVPacket avPacket() {
    return packet;
  }

  @Override
  public long pts() {
    return packet.pts();
  }

  @Override
  public long dts() {
    return packet.dts();
  }

  @Override
  public long duration() {
    return packet.duration();
  }

  @Override
  public boolean isKeyFrame() {
    return (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
  }

  @Override
  public int size() {
    return packet.size();
  }

  @Override
  public ByteBuffer data() {
    return packet.data().capacity(packet.size()).asByteBuffer().asReadOnlyBuffer();
  }
}
