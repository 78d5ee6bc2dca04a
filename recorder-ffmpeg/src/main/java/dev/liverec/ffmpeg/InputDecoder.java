package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.liverec.MediaException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder of one input stream: sends packets, hands out every frame it has ready with its
 * timestamp in microseconds (guessed from the previous frame when the stream has none). A packet
 * the decoder rejects is skipped and counted, as a player would.
 *
 * <p>Owns its {@code AVCodecContext}; the frame it decodes into is lent by the connection.
 */
final class InputDecoder implements AutoCloseable {
  /** Receives each decoded frame; the frame is only valid during the call. */
  interface Output {
    void accept(AVFrame frame, long streamUs);
  }

  private static final Logger log = LoggerFactory.getLogger(InputDecoder.class);
  private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

  private final AVCodecContext context;
  private final AVRational timeBase;
  private final int streamIndex;
  private final boolean video;
  private long nextUs = 0;
  private long rejected;

  private InputDecoder(AVCodecContext context, AVStream stream) {
    this.context = context;
    this.timeBase = stream.time_base();
    this.streamIndex = stream.index();
    this.video = stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO;
  }

  /** Opens a decoder for {@code stream}. */
  static InputDecoder open(AVStream stream) {
    int codecId = stream.codecpar().codec_id();
    AVCodec codec = avcodec_find_decoder(codecId);
    if (codec == null) {
      throw new MediaException("this FFmpeg build cannot decode "
          + avcodec_get_name(codecId).getString() + "; re-encode the input to H.264 and AAC");
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    if (context == null) {
      throw new MediaException("out of memory opening a decoder");
    }
    try {
      Ffmpeg.check(avcodec_parameters_to_context(context, stream.codecpar()),
          "copying the stream's codec parameters");
      context.pkt_timebase(stream.time_base());
      context.thread_count(0);
      Ffmpeg.check(avcodec_open2(context, codec, (AVDictionary) null),
          "opening the " + codec.name().getString() + " decoder");
      return new InputDecoder(context, stream);
    } catch (RuntimeException e) {
      avcodec_free_context(context);
      throw e;
    }
  }

  int streamIndex() {
    return streamIndex;
  }

  /** Decodes {@code packet} (null drains the decoder) and passes out every ready frame. */
  void decode(@Nullable AVPacket packet, AVFrame frame, Output output) {
    int sent = avcodec_send_packet(context, packet);
    if (sent < 0 && sent != Ffmpeg.EAGAIN && sent != org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF) {
      if (rejected++ % 100 == 0) {
        log.debug("decoder rejected a packet ({} so far): {}", rejected, Ffmpeg.describe(sent));
      }
      return;
    }
    while (avcodec_receive_frame(context, frame) >= 0) {
      try {
        long ts = frame.best_effort_timestamp();
        long us = ts == AV_NOPTS_VALUE ? nextUs : av_rescale_q(ts, timeBase, MICROS);
        nextUs = us + durationUs(frame);
        output.accept(frame, us);
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  private long durationUs(AVFrame frame) {
    if (!video) {
      return frame.sample_rate() > 0 ? frame.nb_samples() * 1_000_000L / frame.sample_rate() : 0;
    }
    long ticks = frame.duration();
    return ticks > 0 ? av_rescale_q(ticks, timeBase, MICROS) : 33_333;
  }

  @Override
  public void close() {
    avcodec_free_context(context);
  }
}
