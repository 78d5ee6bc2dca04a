package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_is_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.liverec.MediaException;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * The scale stage: turns any {@link VideoFrame} into a YUV 4:2:0 {@link AVFrame} of the fixed
 * output size. A picture of another size is scaled to fit with its aspect ratio kept and black
 * bars around it (letterbox), so a resolution change never restarts the encoder. An I420 frame
 * of the output size is passed through without scaling.
 *
 * <p>Owns its {@code SwsContext} and two {@code AVFrame}s and frees them in {@link #close()}.
 */
final class VideoScaler implements AutoCloseable {
  private final int width;
  private final int height;
  private final AVFrame passThrough;
  private final AVFrame scaled;
  private final NativePlanes planes = new NativePlanes();
  private final PointerPointer<BytePointer> source = new PointerPointer<>(4);
  private final IntPointer sourceStrides = new IntPointer(4);
  private final PointerPointer<BytePointer> target = new PointerPointer<>(4);
  /** Padded copies of planes that came without spare bytes; reused. */
  private final ByteBuffer[] padded = new ByteBuffer[4];
  private boolean targetsStale = true;
  private IntPointer scaledLinesize = new IntPointer((org.bytedeco.javacpp.Pointer) null);
  private @Nullable SwsContext sws;
  private int fitWidth = -1;
  private int fitHeight = -1;
  private int inWidth = -1;
  private int inHeight = -1;
  private @Nullable PixelFormat inFormat;
  private boolean closed;

  VideoScaler(int width, int height) {
    this.width = width;
    this.height = height;
    AVFrame through = av_frame_alloc();
    AVFrame out = av_frame_alloc();
    if (through == null || out == null) {
      if (through != null) {
        av_frame_free(through);
      }
      if (out != null) {
        av_frame_free(out);
      }
      throw new MediaException("out of memory allocating video frames");
    }
    this.passThrough = through;
    this.scaled = out;
    out.format(AV_PIX_FMT_YUV420P);
    out.width(width);
    out.height(height);
    try {
      Ffmpeg.check(av_frame_get_buffer(out, 0), "allocating the scaled picture");
    } catch (MediaException e) {
      close();
      throw e;
    }
    through.format(AV_PIX_FMT_YUV420P);
    through.width(width);
    through.height(height);
  }

  /**
   * The frame to encode for {@code frame}: a view of its own planes when no scaling is needed,
   * else the scaler's own picture. Valid until the next call.
   */
  AVFrame convert(VideoFrame frame) {
    if (frame.format() == PixelFormat.I420 && frame.width() == width
        && frame.height() == height) {
      // FFmpeg copies this frame row by row, exactly, so it needs no padding.
      for (int i = 0; i < 3; i++) {
        passThrough.data(i, planes.pointer(frame.plane(i)));
        passThrough.linesize(i, frame.stride(i));
      }
      return passThrough;
    }
    prepare(frame);
    if (av_frame_is_writable(scaled) == 0) {
      // The encoder still holds the last picture: this gives us a fresh copy to write into.
      Ffmpeg.check(av_frame_make_writable(scaled), "making the scaled picture writable");
      targetsStale = true;
    }
    if (targetsStale) {
      pointTargets();
      scaledLinesize = scaled.linesize();
      targetsStale = false;
    }
    for (int i = 0; i < frame.planeCount(); i++) {
      source.put(i, planes.pointer(readable(frame, i)));
      sourceStrides.put(i, frame.stride(i));
    }
    sws_scale(sws, source, sourceStrides, 0, frame.height(), target, scaledLinesize);
    return scaled;
  }

  /**
   * Plane {@code i} of {@code frame}, or a padded copy of it, for swscale. swscale reads whole
   * SIMD words and may run a little past the last row: a plane without {@link FramePool#PLANE_PADDING}
   * spare bytes (a caller's tightly sized buffer) is copied first, so native code never reads
   * outside Java's memory. Pooled frames are padded and pass straight through.
   */
  private ByteBuffer readable(VideoFrame frame, int i) {
    ByteBuffer plane = frame.plane(i);
    int rows = frame.format().rows(i, frame.height());
    long data = (long) frame.stride(i) * (rows - 1) + frame.format().minStride(i, frame.width());
    if (plane.remaining() >= data + FramePool.PLANE_PADDING) {
      return plane;
    }
    int needed = (int) (data + FramePool.PLANE_PADDING);
    ByteBuffer copy = padded[i];
    if (copy == null || copy.capacity() < needed) {
      copy = ByteBuffer.allocateDirect(needed);
      padded[i] = copy;
    }
    copy.clear();
    copy.put(0, plane, plane.position(), (int) data);
    return copy;
  }

  private void prepare(VideoFrame frame) {
    if (frame.width() == inWidth && frame.height() == inHeight && frame.format() == inFormat) {
      return;
    }
    inWidth = frame.width();
    inHeight = frame.height();
    inFormat = frame.format();
    double scale = Math.min(width / (double) inWidth, height / (double) inHeight);
    int w = Math.min(width, Math.max(2, (int) Math.round(inWidth * scale) & ~1));
    int h = Math.min(height, Math.max(2, (int) Math.round(inHeight * scale) & ~1));
    sws = sws_getCachedContext(sws, inWidth, inHeight, pixelFormat(inFormat), w, h,
        AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
    if (sws == null) {
      throw new MediaException("cannot scale " + inWidth + "x" + inHeight + " " + inFormat
          + " to " + w + "x" + h);
    }
    Ffmpeg.check(av_frame_make_writable(scaled), "making the scaled picture writable");
    paintBlack();
    fitWidth = w;
    fitHeight = h;
    targetsStale = true;
  }

  /** Points the scaler's output at the centred rectangle where the picture goes. */
  private void pointTargets() {
    int x = ((width - fitWidth) / 2) & ~1;
    int y = ((height - fitHeight) / 2) & ~1;
    target.put(0, scaled.data(0).getPointer((long) y * scaled.linesize(0) + x));
    target.put(1, scaled.data(1).getPointer((long) (y / 2) * scaled.linesize(1) + x / 2));
    target.put(2, scaled.data(2).getPointer((long) (y / 2) * scaled.linesize(2) + x / 2));
  }

  private void paintBlack() {
    fill(scaled.data(0), scaled.linesize(0) * (long) height, (byte) 16);
    fill(scaled.data(1), scaled.linesize(1) * (long) ((height + 1) / 2), (byte) 128);
    fill(scaled.data(2), scaled.linesize(2) * (long) ((height + 1) / 2), (byte) 128);
  }

  private static void fill(BytePointer plane, long bytes, byte value) {
    org.bytedeco.javacpp.Pointer.memset(plane, value, bytes);
  }

  static int pixelFormat(PixelFormat format) {
    return switch (format) {
      case I420 -> AV_PIX_FMT_YUV420P;
      case RGB24 -> AV_PIX_FMT_RGB24;
      case BGR24 -> AV_PIX_FMT_BGR24;
      case RGBA -> AV_PIX_FMT_RGBA;
      case BGRA -> AV_PIX_FMT_BGRA;
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    av_frame_free(passThrough);
    av_frame_free(scaled);
    source.close();
    sourceStrides.close();
    target.close();
    planes.clear();
  }
}
