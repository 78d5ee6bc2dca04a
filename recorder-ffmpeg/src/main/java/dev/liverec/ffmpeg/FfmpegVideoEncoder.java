package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_get_ref_count;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import dev.liverec.MediaException;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.StreamDescriptor;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H.264 with no encoder-side buffering: libx264 with {@code tune=zerolatency} (no lookahead, no
 * B-frames, sliced threads), or libopenh264 when only the LGPL build of FFmpeg is present.
 *
 * <p>The starvation fix: every {@link #encode} sends one frame and then receives packets until the
 * codec says EAGAIN, so each frame in yields its packet out and nothing piles up inside the codec.
 * The codec is drained exactly once, in {@link #drain}, when the recording stops; a drained codec
 * accepts no more frames, which is why liverec never "flushes to unstick" it.
 *
 * <p>Timestamps arrive in microseconds and are written in a 1/90000 time base.
 */
final class FfmpegVideoEncoder implements VideoEncoder {
  private static final Logger log = LoggerFactory.getLogger(FfmpegVideoEncoder.class);
  static final int TIME_BASE = 90_000;

  private final String codecName;
  private final AVCodecContext context;
  private final AVPacket packet;
  private final PacketDrain packets;
  /** Points at the caller's I420 planes for each frame. */
  private final AVFrame picture;
  /**
   * Marks {@link #picture} as reference-counted, so that {@code avcodec_send_frame} takes a
   * reference instead of copying the whole picture into a buffer of its own (the copy costs
   * about 4 % of the encoder's CPU at 1080p). Used with libx264 only, which copies the picture
   * into a frame of its own inside {@code avcodec_send_frame} (reading each row exactly: its
   * SIMD copy takes the last row with {@code memcpy}, so unpadded planes are safe), before
   * {@link #encode} returns and the caller recycles the frame; after every send the token's
   * reference count is checked to be ours alone again, and should a codec ever keep it, every
   * later frame is copied as before ({@link #share} false). Null when copying from the start.
   */
  private final @Nullable AVBufferRef token;
  private boolean share;
  private final NativePlanes planes = new NativePlanes();
  private final int width;
  private final int height;
  private final StreamDescriptor descriptor;
  private final long frameDurationTicks;
  private boolean drained;
  private boolean closed;

  private FfmpegVideoEncoder(
      String codecName, AVCodecContext context, AVPacket packet, AVFrame picture,
      VideoEncoderSettings settings) {
    this.codecName = codecName;
    this.context = context;
    this.packet = packet;
    this.picture = picture;
    this.token = codecName.equals("libx264") ? av_buffer_alloc(1) : null;
    this.share = token != null;
    this.width = settings.width();
    this.height = settings.height();
    this.frameDurationTicks = TIME_BASE / settings.frameRate();
    this.packets = new PacketDrain(context, packet, codecName, frameDurationTicks);
    byte[] extradata = new byte[Math.max(0, context.extradata_size())];
    if (extradata.length > 0) {
      context.extradata().get(extradata);
    }
    this.descriptor = new StreamDescriptor(TrackKind.VIDEO, "h264", 1, TIME_BASE,
        settings.width(), settings.height(), 0, 0, 0, settings.bitRate(), extradata);
  }

  /** Opens libx264, else libopenh264. */
  static FfmpegVideoEncoder open(VideoEncoderSettings settings) {
    Ffmpeg.init();
    String name = "libx264";
    AVCodec codec = avcodec_find_encoder_by_name(name);
    if (codec == null) {
      name = "libopenh264";
      codec = avcodec_find_encoder_by_name(name);
      if (codec == null) {
        throw new MediaException("neither libx264 nor libopenh264 is in this FFmpeg build; add "
            + "org.bytedeco:ffmpeg with the linux-x86_64-gpl classifier");
      }
      log.info("libx264 is not available (LGPL FFmpeg build): using libopenh264");
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    AVPacket packet = av_packet_alloc();
    AVFrame picture = null;
    AVDictionary options = new AVDictionary(null);
    try {
      if (context == null || packet == null) {
        throw new MediaException("out of memory opening " + name);
      }
      context.width(settings.width());
      context.height(settings.height());
      context.pix_fmt(AV_PIX_FMT_YUV420P);
      context.time_base(new AVRational().num(1).den(TIME_BASE));
      context.framerate(new AVRational().num(settings.frameRate()).den(1));
      context.bit_rate(settings.bitRate());
      context.rc_max_rate(settings.bitRate() * 3 / 2);
      context.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, settings.bitRate()));
      context.gop_size(settings.gopFrames());
      context.keyint_min(settings.gopFrames());
      context.max_b_frames(0);
      context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
      if (name.equals("libx264")) {
        av_dict_set(options, "preset", settings.preset().id(), 0);
        av_dict_set(options, "tune", "zerolatency", 0);
        // Keyframes exactly every GOP, so fragments (cut at keyframes) stay about as long as asked.
        av_dict_set(options, "x264-params", "scenecut=0", 0);
      }
      Ffmpeg.check(avcodec_open2(context, codec, options), "opening " + name);
      picture = av_frame_alloc();
      if (picture == null) {
        throw new MediaException("out of memory opening " + name);
      }
      picture.format(AV_PIX_FMT_YUV420P);
      picture.width(settings.width());
      picture.height(settings.height());
      return new FfmpegVideoEncoder(name, context, packet, picture, settings);
    } catch (RuntimeException e) {
      if (picture != null) {
        av_frame_free(picture);
      }
      if (context != null) {
        avcodec_free_context(context);
      }
      if (packet != null) {
        av_packet_free(packet);
      }
      throw e;
    } finally {
      av_dict_free(options);
    }
  }

  @Override
  public String name() {
    return codecName;
  }

  @Override
  public StreamDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public int encode(VideoFrame frame, long ptsUs, PacketSink sink) {
    if (drained || closed) {
      throw new IllegalStateException("encoder already drained; open a new one");
    }
    if (frame.format() != PixelFormat.I420 || frame.width() != width
        || frame.height() != height) {
      throw new MediaException("the encoder takes I420 " + width + "x" + height + " pictures, got "
          + frame.format() + " " + frame.width() + "x" + frame.height()
          + ": scale it with the provider's VideoScaler first");
    }
    // Read exactly (by libx264, or FFmpeg's copy for another codec): no padding needed.
    for (int i = 0; i < 3; i++) {
      picture.data(i, planes.pointer(frame.plane(i)));
      picture.linesize(i, frame.stride(i));
    }
    picture.pts(ptsUs * TIME_BASE / 1_000_000);
    picture.duration(frameDurationTicks);
    picture.buf(0, share ? token : null);
    int ret = avcodec_send_frame(context, picture);
    picture.buf(0, null);
    if (share && av_buffer_get_ref_count(token) != 1) {
      log.warn("{} kept a reference to a picture after encoding it; copying every picture from"
          + " now on", codecName);
      share = false;
    }
    if (ret < 0) {
      Ffmpeg.check(ret, "sending a frame to " + codecName);
    }
    return packets.receiveReady(sink);
  }

  @Override
  public void drain(PacketSink sink) {
    if (drained) {
      return;
    }
    drained = true;
    Ffmpeg.check(avcodec_send_frame(context, (AVFrame) null), "draining " + codecName);
    packets.receiveReady(sink);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    picture.buf(0, null);
    av_frame_free(picture);
    if (token != null) {
      av_buffer_unref(token);
    }
    planes.clear();
    avcodec_free_context(context);
    av_packet_free(packet);
  }

  @Override
  public String toString() {
    return "FfmpegVideoEncoder[" + codecName + " " + descriptor.width() + "x"
        + descriptor.height() + "]";
  }
}
