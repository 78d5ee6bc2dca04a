package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.liverec.MediaException;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.VideoScaler;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * The scale stage on swscale: turns any {@link VideoFrame} into an I420 frame of the fixed output
 * size, from the session's {@link FramePool}. A picture of another size is scaled to fit with its
 * aspect ratio kept and black bars around it (letterbox), so a resolution change never restarts
 * the encoder. An I420 frame of the output size is passed through untouched.
 *
 * <p>Owns its {@code SwsContext} and pointer arrays and frees them in {@link #close()}; the frames
 * it returns belong to the caller. One thread at a time.
 */
final class FfmpegVideoScaler implements VideoScaler {
  private final int width;
  private final int height;
  private final FramePool pool;
  private final NativePlanes planes = new NativePlanes();
  private final PointerPointer<BytePointer> source = new PointerPointer<>(4);
  private final IntPointer sourceStrides = new IntPointer(4);
  private final PointerPointer<BytePointer> target = new PointerPointer<>(4);
  private final IntPointer targetStrides = new IntPointer(4);
  /** Padded copies of planes that came without spare bytes; reused. */
  private final ByteBuffer[] padded = new ByteBuffer[4];
  private @Nullable SwsContext sws;
  private int fitWidth = -1;
  private int fitHeight = -1;
  private int inWidth = -1;
  private int inHeight = -1;
  private @Nullable PixelFormat inFormat;
  private boolean closed;

  FfmpegVideoScaler(int width, int height, FramePool pool) {
    this.width = width;
    this.height = height;
    this.pool = pool;
  }

  @Override
  public VideoFrame scale(VideoFrame frame) {
    if (closed) {
      throw new IllegalStateException("scaler closed");
    }
    if (frame.format() == PixelFormat.I420 && frame.width() == width
        && frame.height() == height) {
      return frame;
    }
    prepare(frame);
    VideoFrame out = pool.acquireVideo(PixelFormat.I420, width, height, frame.captureTimeUs());
    try {
      if (fitWidth != width || fitHeight != height) {
        paintBlack(out);
      }
      pointTargets(out);
      for (int i = 0; i < frame.planeCount(); i++) {
        source.put(i, planes.pointer(readable(frame, i)));
        sourceStrides.put(i, frame.stride(i));
      }
      sws_scale(sws, source, sourceStrides, 0, frame.height(), target, targetStrides);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
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
    fitWidth = w;
    fitHeight = h;
  }

  /** Points the scaler's output at the centred rectangle of {@code out} where the picture goes. */
  private void pointTargets(VideoFrame out) {
    int x = ((width - fitWidth) / 2) & ~1;
    int y = ((height - fitHeight) / 2) & ~1;
    target.put(0, planes.pointer(out.plane(0)).getPointer((long) y * out.stride(0) + x));
    target.put(1, planes.pointer(out.plane(1)).getPointer((long) (y / 2) * out.stride(1) + x / 2));
    target.put(2, planes.pointer(out.plane(2)).getPointer((long) (y / 2) * out.stride(2) + x / 2));
    for (int i = 0; i < 3; i++) {
      targetStrides.put(i, out.stride(i));
    }
  }

  /** Black (Y 16, Cb/Cr 128) over the whole picture, for the bars around a letterboxed one. */
  private void paintBlack(VideoFrame out) {
    fill(out, 0, height, (byte) 16);
    fill(out, 1, (height + 1) / 2, (byte) 128);
    fill(out, 2, (height + 1) / 2, (byte) 128);
  }

  private void fill(VideoFrame out, int plane, int rows, byte value) {
    org.bytedeco.javacpp.Pointer.memset(planes.pointer(out.plane(plane)), value,
        (long) out.stride(plane) * rows);
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
    source.close();
    sourceStrides.close();
    target.close();
    targetStrides.close();
    planes.clear();
  }
}
