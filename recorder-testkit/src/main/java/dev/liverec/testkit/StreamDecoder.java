package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg decoder for one stream: sends packets, drains every frame they yield to a {@link
 * Listener}, and counts what the decoder rejected. Owns its codec context and frame.
 */
final class StreamDecoder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDecoder.class);

  /** {@code AV_FRAME_FLAG_CORRUPT}, a macro the bytedeco presets do not map. */
  private static final int FRAME_FLAG_CORRUPT = 1;

  /** Receives what the decoder produces. */
  interface Listener {
    /**
     * A decoded frame, valid only during the call.
     *
     * @param clean false when the decoder flagged the frame as corrupt (concealed errors)
     */
    void onFrame(AVFrame frame, boolean clean);

    /** The decoder failed at a media time in seconds ({@code NaN} if unknown). */
    void onError(double atSeconds);
  }

  private final AVCodecContext context;
  private final AVFrame frame;
  private final Listener listener;
  private final double secondsPerTick;
  private final String codecName;
  private long decodedFrames;
  private int errors;
  private boolean closed;

  private StreamDecoder(
      AVCodecContext context,
      AVFrame frame,
      Listener listener,
      double secondsPerTick,
      String codecName) {
    this.context = context;
    this.frame = frame;
    this.listener = listener;
    this.secondsPerTick = secondsPerTick;
    this.codecName = codecName;
  }

  /**
   * Opens FFmpeg's decoder for a stream.
   *
   * @param threads decoder threads (frame and slice threading as the codec supports)
   * @throws ProbeException if there is no decoder for the codec or it does not open
   */
  static StreamDecoder open(AVStream stream, int threads, Listener listener) {
    int codecId = stream.codecpar().codec_id();
    String name = avcodec_get_name(codecId).getString();
    AVCodec codec = avcodec_find_decoder(codecId);
    if (codec == null || codec.isNull()) {
      throw new ProbeException(
          "FFmpeg has no decoder for codec " + name + " (stream " + stream.index() + ")");
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    if (context == null || context.isNull()) {
      throw new ProbeException("Cannot allocate a decoder context for " + name);
    }
    AVFrame frame = null;
    try {
      check(
          avcodec_parameters_to_context(context, stream.codecpar()), "copy codec parameters", name);
      context.pkt_timebase(stream.time_base());
      context.thread_count(threads);
      check(avcodec_open2(context, codec, (AVDictionary) null), "open decoder", name);
      frame = av_frame_alloc();
      if (frame == null || frame.isNull()) {
        throw new ProbeException("Cannot allocate a frame for " + name);
      }
      return new StreamDecoder(
          context, frame, listener, FfmpegSupport.secondsPerTick(stream.time_base()), name);
    } catch (RuntimeException e) {
      if (frame != null) {
        av_frame_free(frame);
      }
      avcodec_free_context(context);
      throw e;
    }
  }

  /** Decodes one packet and hands out every frame that is ready. */
  void decode(AVPacket packet) {
    send(packet, FfmpegSupport.seconds(packet.pts(), secondsPerTick));
  }

  /** Signals end of stream and hands out the frames the decoder still holds. */
  void flush() {
    send(null, Double.NaN);
  }

  /** Frames the decoder returned. */
  long decodedFrames() {
    return decodedFrames;
  }

  /** Packets and frames the decoder rejected or flagged as corrupt. */
  int errors() {
    return errors;
  }

  /** Counts a packet the demuxer flagged as corrupt as an error, without decoding it. */
  void rejectCorrupt(AVPacket packet) {
    reportError(FfmpegSupport.seconds(packet.pts(), secondsPerTick));
  }

  private void reportError(double atSeconds) {
    errors++;
    listener.onError(atSeconds);
  }

  private void send(@Nullable AVPacket packet, double packetSeconds) {
    int result = avcodec_send_packet(context, packet);
    if (result == AVERROR_EAGAIN()) {
      drain(); // the API promises room after the pending frames are taken
      result = avcodec_send_packet(context, packet);
    }
    if (result < 0 && result != AVERROR_EOF) {
      LOG.debug(
          "{} decoder rejected packet at {} s: {}",
          codecName,
          packetSeconds,
          FfmpegSupport.describe(result));
      reportError(packetSeconds);
    }
    drain();
  }

  private void drain() {
    while (true) {
      int result = avcodec_receive_frame(context, frame);
      if (result == AVERROR_EAGAIN() || result == AVERROR_EOF) {
        return;
      }
      if (result < 0) {
        LOG.debug("{} decoder failed: {}", codecName, FfmpegSupport.describe(result));
        reportError(Double.NaN);
        return;
      }
      try {
        decodedFrames++;
        boolean clean =
            (frame.flags() & FRAME_FLAG_CORRUPT) == 0 && frame.decode_error_flags() == 0;
        if (!clean) {
          errors++;
        }
        listener.onFrame(frame, clean);
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      av_frame_free(frame);
      avcodec_free_context(context);
    }
  }

  private static void check(int result, String action, String codecName) {
    if (result < 0) {
      throw new ProbeException(
          "Cannot " + action + " for " + codecName + ": " + FfmpegSupport.describe(result));
    }
  }
}
