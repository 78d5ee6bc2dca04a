package dev.liverec.benchmarks;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.liverec.Recorder;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.PictureConverter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.Pointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor: bare {@code avcodec_send_frame} / {@code avcodec_receive_packet} with libx264 on
 * ready I420 {@link AVFrame}s, the same codec settings as liverec ({@link BenchSettings}), no
 * pipeline, no timestamps, no muxing. What this encoder costs on this machine.
 *
 * <ul>
 *   <li>{@code frames=owned}: FFmpeg-allocated, reference-counted frames
 *       ({@code av_frame_get_buffer}), filled once; {@code send_frame} only takes a reference. The
 *       floor proper.
 *   <li>{@code frames=wrapped}: frames whose {@code data} point at the Java direct buffers, not
 *       reference-counted, as liverec's {@code VideoScaler} pass-through and JavaCV build them;
 *       FFmpeg then copies the picture inside {@code send_frame}. Shows what that copy costs.
 *   <li>{@code frames=bgr24}: the floor of a packed-RGB source: each packed BGR24 picture is
 *       converted into one FFmpeg-owned I420 frame on the encoding thread, then sent. The
 *       conversion is the one a liverec session would use: the {@code PictureConverter} a {@link
 *       Recorder} finds (libyuv with recorder-libyuv on the class path), else swscale (bilinear,
 *       the flags of liverec's scale stage). What converting and encoding costs with
 *       nothing around them; it needs {@link TexturedFrames} holding the BGR form.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EncoderFloorBenchmark {
  private static final int TIME_BASE = 90_000;

  @Param({"640x360", "1280x720", "1920x1080"})
  public String size;

  @Param({"ultrafast", "veryfast"})
  public String preset;

  @Param({"owned"})
  public String frames;

  private AVCodecContext context;
  private AVPacket packet;
  private AVFrame[] pictures;
  private long n;
  /**
   * {@code frames=bgr24} only: the session's picture converter (null: swscale), the packed
   * pictures as frames for it, swscale's context, the packed pictures and their stride.
   */
  private PictureConverter converter;
  private VideoFrame[] packedFrames;
  private SwsContext sws;
  private PointerPointer<BytePointer>[] packed;
  private IntPointer packedStride;
  private AVFrame converted;

  @Setup(Level.Trial)
  public void open() {
    int[] wh = TexturedFrames.parseSize(size);
    open(TexturedFrames.generate(wh[0], wh[1], true, false));
  }

  /** Opens the encoder on frames generated already (they must hold the I420 form). */
  public void open(TexturedFrames source) {
    av_log_set_level(AV_LOG_ERROR);
    int w = source.width();
    int h = source.height();
    size = w + "x" + h;
    AVCodec codec = avcodec_find_encoder_by_name("libx264");
    if (codec == null) {
      throw new IllegalStateException("libx264 missing: the GPL FFmpeg build is needed");
    }
    context = avcodec_alloc_context3(codec);
    long bitRate = BenchSettings.bitRate(w, h);
    context.width(w);
    context.height(h);
    context.pix_fmt(AV_PIX_FMT_YUV420P);
    context.time_base(new AVRational().num(1).den(TIME_BASE));
    context.framerate(new AVRational().num(BenchSettings.FRAME_RATE).den(1));
    context.bit_rate(bitRate);
    context.rc_max_rate(bitRate * 3 / 2);
    context.rc_buffer_size((int) bitRate);
    context.gop_size(BenchSettings.gop());
    context.keyint_min(BenchSettings.gop());
    context.max_b_frames(0);
    context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    AVDictionary options = new AVDictionary(null);
    av_dict_set(options, "preset", preset, 0);
    av_dict_set(options, "tune", "zerolatency", 0);
    av_dict_set(options, "x264-params", BenchSettings.X264_PARAMS, 0);
    int ret = avcodec_open2(context, codec, options);
    av_dict_free(options);
    if (ret < 0) {
      throw new IllegalStateException("avcodec_open2 failed: " + ret);
    }
    packet = av_packet_alloc();
    if (frames.equals("bgr24")) {
      openConverter(source);
      return;
    }
    pictures = new AVFrame[TexturedFrames.RING];
    for (int f = 0; f < TexturedFrames.RING; f++) {
      AVFrame picture = av_frame_alloc();
      picture.format(AV_PIX_FMT_YUV420P);
      picture.width(w);
      picture.height(h);
      if (frames.equals("owned")) {
        if (av_frame_get_buffer(picture, 0) < 0) {
          throw new IllegalStateException("av_frame_get_buffer failed");
        }
        for (int p = 0; p < 3; p++) {
          copyPlane(source.plane(f, p), p == 0 ? w : w / 2, p == 0 ? h : h / 2,
              picture.data(p), picture.linesize(p));
        }
      } else if (frames.equals("wrapped")) {
        for (int p = 0; p < 3; p++) {
          picture.data(p, new BytePointer(source.plane(f, p)));
          picture.linesize(p, p == 0 ? w : w / 2);
        }
      } else {
        throw new IllegalArgumentException("frames must be owned, wrapped or bgr24: " + frames);
      }
      pictures[f] = picture;
    }
  }

  @SuppressWarnings("unchecked")
  private void openConverter(TexturedFrames source) {
    int w = source.width();
    int h = source.height();
    converter = BenchSettings.converterFor(source);
    if (converter != null) {
      packedFrames = new VideoFrame[TexturedFrames.RING];
      for (int f = 0; f < TexturedFrames.RING; f++) {
        packedFrames[f] = source.bgrFrame(f);
      }
    } else {
      sws = sws_getContext(w, h, AV_PIX_FMT_BGR24, w, h, AV_PIX_FMT_YUV420P, SWS_BILINEAR, null,
          null, (DoublePointer) null);
      if (sws == null) {
        throw new IllegalStateException("sws_getContext failed");
      }
      packed = new PointerPointer[TexturedFrames.RING];
      for (int f = 0; f < TexturedFrames.RING; f++) {
        packed[f] = new PointerPointer<>(4);
        packed[f].put(0, new BytePointer(source.bgr(f)));
      }
      packedStride = new IntPointer(w * 3, 0, 0, 0);
    }
    converted = av_frame_alloc();
    converted.format(AV_PIX_FMT_YUV420P);
    converted.width(w);
    converted.height(h);
    if (av_frame_get_buffer(converted, 0) < 0) {
      throw new IllegalStateException("av_frame_get_buffer failed");
    }
  }

  private static void copyPlane(ByteBuffer from, int rowBytes, int rows, BytePointer to,
      int linesize) {
    BytePointer src = new BytePointer(from);
    for (int r = 0; r < rows; r++) {
      Pointer.memcpy(to.getPointer((long) r * linesize), src.getPointer((long) r * rowBytes),
          rowBytes);
    }
  }

  /** Encodes one frame and collects its packets. */
  @Benchmark
  public int encode() {
    AVFrame picture;
    if (converted != null) {
      // The encoder has released the previous picture (libx264 copies it while sending).
      if (av_frame_make_writable(converted) < 0) {
        throw new IllegalStateException("av_frame_make_writable failed");
      }
      if (converter != null) {
        converter.toI420(packedFrames[TexturedFrames.index(n)], convertedFrame());
      } else {
        sws_scale(sws, packed[TexturedFrames.index(n)], packedStride, 0, converted.height(),
            converted.data(), converted.linesize());
      }
      picture = converted;
    } else {
      picture = pictures[TexturedFrames.index(n)];
    }
    picture.pts(n * (TIME_BASE / BenchSettings.FRAME_RATE));
    n++;
    if (avcodec_send_frame(context, picture) < 0) {
      throw new IllegalStateException("avcodec_send_frame failed");
    }
    int packets = 0;
    while (avcodec_receive_packet(context, packet) >= 0) {
      packets++;
      av_packet_unref(packet);
    }
    return packets;
  }

  /** {@link #converted}'s planes (where they are now) as a frame for the picture converter. */
  private VideoFrame convertedFrame() {
    int h = converted.height();
    ByteBuffer[] planes = new ByteBuffer[3];
    int[] strides = new int[3];
    for (int p = 0; p < 3; p++) {
      strides[p] = converted.linesize(p);
      planes[p] = converted.data(p).capacity((long) strides[p] * (p == 0 ? h : (h + 1) / 2))
          .asByteBuffer();
    }
    return VideoFrame.wrap(PixelFormat.I420, converted.width(), h, planes, strides, 0, null);
  }

  /** Encodes {@code count} frames back to back (one round of {@link FloorRatios}). */
  public void encode(int count) {
    for (int i = 0; i < count; i++) {
      encode();
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    avcodec_send_frame(context, (AVFrame) null);
    while (avcodec_receive_packet(context, packet) >= 0) {
      av_packet_unref(packet);
    }
    if (pictures != null) {
      for (AVFrame picture : pictures) {
        av_frame_free(picture);
      }
    }
    if (converted != null) {
      av_frame_free(converted);
    }
    if (sws != null) {
      sws_freeContext(sws);
      for (PointerPointer<BytePointer> p : packed) {
        p.close();
      }
      packedStride.close();
    }
    av_packet_free(packet);
    avcodec_free_context(context);
  }
}
