package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import dev.liverec.Preset;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.VideoEncoderSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * The encoder hands libx264 the caller's picture without FFmpeg's copy of it, so it must be done
 * with the picture when {@code encode} returns: the session recycles the frame at once.
 */
class EncoderPictureOwnershipTest {
  private static final int W = 320;
  private static final int H = 240;

  @Test
  void aPictureOverwrittenTheMomentEncodeReturnsIsRecordedAsItWas() {
    FramePool pool = new FramePool();
    List<byte[]> packets = new ArrayList<>();
    int frames = 12;
    byte[] headers;
    try (FfmpegVideoEncoder encoder = FfmpegVideoEncoder.open(
        new VideoEncoderSettings(W, H, 30, 800_000, 30, Preset.VERYFAST))) {
      headers = encoder.descriptor().extradata();
      // Given one pooled frame reused for every picture, as the session's pool reuses them
      VideoFrame frame = pool.acquireVideo(PixelFormat.I420, W, H, 0);
      for (int k = 0; k < frames; k++) {
        fill(frame, 0, (byte) lumaOf(k));
        fill(frame, 1, (byte) 128);
        fill(frame, 2, (byte) 128);
        // When the picture is encoded and then overwritten (white) as soon as encode returns
        encoder.encode(frame, k * 33_333L, p -> packets.add(bytes(p.data())));
        fill(frame, 0, (byte) 235);
      }
      encoder.drain(p -> packets.add(bytes(p.data())));
      frame.close();
    }
    // Then every decoded picture has the grey it had when it was encoded
    List<Double> lumas = decodeMeanLuma(headers, packets);
    assertThat(lumas).hasSize(frames);
    for (int k = 0; k < frames; k++) {
      assertThat(lumas.get(k)).as("frame %d", k).isCloseTo(lumaOf(k), org.assertj.core.data.Offset.offset(3.0));
    }
  }

  private static int lumaOf(int k) {
    return 40 + 10 * k;
  }

  private static void fill(VideoFrame frame, int plane, byte value) {
    ByteBuffer b = frame.plane(plane);
    int rows = PixelFormat.I420.rows(plane, H);
    for (int i = 0; i < frame.stride(plane) * rows; i++) {
      b.put(i, value);
    }
  }

  private static byte[] bytes(ByteBuffer data) {
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }

  private static List<Double> decodeMeanLuma(byte[] headers, List<byte[]> packets) {
    AVCodecContext decoder = avcodec_alloc_context3(avcodec_find_decoder_by_name("h264"));
    BytePointer extradata = new BytePointer(av_mallocz(headers.length + 64L));
    extradata.put(headers);
    decoder.extradata(extradata);
    decoder.extradata_size(headers.length);
    avcodec_open2(decoder, avcodec_find_decoder_by_name("h264"), (AVDictionary) null);
    AVPacket packet = av_packet_alloc();
    AVFrame picture = av_frame_alloc();
    List<Double> lumas = new ArrayList<>();
    try {
      for (int i = 0; i <= packets.size(); i++) {
        if (i < packets.size()) {
          byte[] data = packets.get(i);
          av_new_packet(packet, data.length);
          packet.data().put(data);
          avcodec_send_packet(decoder, packet);
          av_packet_unref(packet);
        } else {
          avcodec_send_packet(decoder, (AVPacket) null);
        }
        while (avcodec_receive_frame(decoder, picture) >= 0) {
          BytePointer y = picture.data(0);
          long sum = 0;
          for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
              sum += y.get((long) r * picture.linesize(0) + c) & 0xff;
            }
          }
          lumas.add(sum / (double) (W * H));
        }
      }
    } finally {
      av_frame_free(picture);
      av_packet_free(packet);
      avcodec_free_context(decoder);
    }
    return lumas;
  }
}
