package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * Test helper: what a recording shows and sounds like, frame by frame, measured by FFmpeg's
 * demuxer and decoders (not by anything the recorder says). {@code MediaProbe} reports timing,
 * gaps and frozen stretches; this adds which picture each decoded video frame is (the frame
 * number {@code TestPattern} burns into every picture) and how loud each stretch of audio is.
 * Times are the decoded frames' own, in seconds.
 */
final class DecodedMedia {
  /** {@code TestPattern} burns 24 blocks into the top left: bright for a 1 bit, dark for 0. */
  private static final int NUMBER_BITS = 24;

  /** A decoded video frame and the frame number burned into it (-1 if none is readable). */
  record Picture(double startSeconds, long number) {}

  /** A decoded audio frame and its loudest sample (full scale 1.0). */
  record Sound(double startSeconds, double endSeconds, double peak) {}

  private final List<Picture> pictures = new ArrayList<>();
  private final List<Sound> sounds = new ArrayList<>();

  private DecodedMedia() {}

  /** Decodes the first video and the first audio stream of {@code file}. */
  static DecodedMedia decode(Path file) {
    DecodedMedia media = new DecodedMedia();
    AVFormatContext format = new AVFormatContext(null);
    check(avformat_open_input(format, "file:" + file.toAbsolutePath(), null, (AVDictionary) null),
        "open " + file);
    AVPacket packet = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    AVCodecContext video = null;
    AVCodecContext audio = null;
    try {
      check(avformat_find_stream_info(format, (PointerPointer<?>) null), "read stream info");
      AVStream videoStream = stream(format, AVMEDIA_TYPE_VIDEO);
      AVStream audioStream = stream(format, AVMEDIA_TYPE_AUDIO);
      video = videoStream == null ? null : open(videoStream);
      audio = audioStream == null ? null : open(audioStream);
      while (av_read_frame(format, packet) >= 0) {
        if (videoStream != null && packet.stream_index() == videoStream.index()) {
          media.send(video, packet, frame, videoStream);
        } else if (audioStream != null && packet.stream_index() == audioStream.index()) {
          media.send(audio, packet, frame, audioStream);
        }
        av_packet_unref(packet);
      }
      if (video != null) {
        media.send(video, null, frame, videoStream);
      }
      if (audio != null) {
        media.send(audio, null, frame, audioStream);
      }
      return media;
    } finally {
      av_frame_free(frame);
      av_packet_free(packet);
      if (video != null) {
        avcodec_free_context(video);
      }
      if (audio != null) {
        avcodec_free_context(audio);
      }
      avformat_close_input(format);
    }
  }

  /** Every decoded video frame, in presentation order. */
  List<Picture> pictures() {
    return List.copyOf(pictures);
  }

  /** The loudest sample of the audio frames that lie within [from, to) seconds. */
  double audioPeakBetween(double fromSeconds, double toSeconds) {
    double peak = 0;
    boolean any = false;
    for (Sound sound : sounds) {
      if (sound.startSeconds() >= fromSeconds && sound.endSeconds() <= toSeconds) {
        peak = Math.max(peak, sound.peak());
        any = true;
      }
    }
    if (!any) {
      throw new AssertionError("no decoded audio between " + fromSeconds + " and " + toSeconds
          + " s");
    }
    return peak;
  }

  private static @Nullable AVStream stream(AVFormatContext format, int type) {
    for (int i = 0; i < format.nb_streams(); i++) {
      if (format.streams(i).codecpar().codec_type() == type) {
        return format.streams(i);
      }
    }
    return null;
  }

  private static AVCodecContext open(AVStream stream) {
    AVCodec decoder = avcodec_find_decoder(stream.codecpar().codec_id());
    AVCodecContext context = avcodec_alloc_context3(decoder);
    check(avcodec_parameters_to_context(context, stream.codecpar()), "copy codec parameters");
    check(avcodec_open2(context, decoder, (AVDictionary) null), "open a decoder");
    return context;
  }

  private void send(AVCodecContext codec, @Nullable AVPacket packet, AVFrame frame,
      AVStream stream) {
    check(avcodec_send_packet(codec, packet), "decode");
    double secondsPerTick = av_q2d(stream.time_base());
    while (avcodec_receive_frame(codec, frame) >= 0) {
      double start = frame.best_effort_timestamp() * secondsPerTick;
      if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
        pictures.add(new Picture(start, frameNumber(frame)));
      } else {
        sounds.add(new Sound(start, start + (double) frame.nb_samples() / frame.sample_rate(),
            peak(frame)));
      }
    }
  }

  /** Reads the number {@code TestPattern.paint} burned in: block centres of its number row. */
  private static long frameNumber(AVFrame frame) {
    if (frame.format() != AV_PIX_FMT_YUV420P) {
      throw new AssertionError("expected yuv420p video, got pixel format " + frame.format());
    }
    int width = frame.width();
    int height = frame.height();
    int block = Math.max(2, Math.min(width / (NUMBER_BITS + 2), height / 8));
    if ((NUMBER_BITS + 1) * block > width) {
      return -1;
    }
    int stride = frame.linesize(0);
    ByteBuffer luma = frame.data(0).capacity((long) stride * height).asByteBuffer();
    int y = block + block / 2;
    long number = 0;
    for (int bit = 0; bit < NUMBER_BITS; bit++) {
      int x = block + bit * block + block / 2;
      int value = luma.get(y * stride + x) & 0xff;
      number = number << 1 | (value > 122 ? 1 : 0);
    }
    return number;
  }

  private static double peak(AVFrame frame) {
    if (frame.format() != AV_SAMPLE_FMT_FLTP) {
      throw new AssertionError("expected planar float audio, got sample format "
          + frame.format());
    }
    int samples = frame.nb_samples();
    double peak = 0;
    for (int channel = 0; channel < frame.ch_layout().nb_channels(); channel++) {
      FloatBuffer data = frame.data(channel).capacity(samples * 4L).asByteBuffer()
          .order(ByteOrder.nativeOrder()).asFloatBuffer();
      for (int i = 0; i < samples; i++) {
        peak = Math.max(peak, Math.abs(data.get(i)));
      }
    }
    return peak;
  }

  private static void check(int result, String action) {
    if (result < 0) {
      throw new AssertionError("FFmpeg could not " + action + " (error " + result + ")");
    }
  }
}
