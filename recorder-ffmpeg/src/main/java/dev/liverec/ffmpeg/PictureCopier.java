package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

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
 * Copies a decoded picture into a pooled I420 {@link VideoFrame} of the same size: plane by plane
 * for YUV 4:2:0 (what H.264 decoders give), through swscale for any other pixel format.
 *
 * <p>Owns its {@code SwsContext}. Used by the source's reader thread only.
 */
final class PictureCopier implements AutoCloseable {
  private final NativePlanes planes = new NativePlanes();
  private final PointerPointer<BytePointer> target = new PointerPointer<>(4);
  private final IntPointer targetStrides = new IntPointer(4);
  private @Nullable SwsContext sws;

  /**
   * A pooled frame holding {@code picture}, captured at {@code captureUs}; {@code onClose} runs
   * when the frame is closed (may be null).
   *
   * @throws dev.liverec.frame.InvalidFrameException for a size that cannot be recorded
   */
  VideoFrame copy(AVFrame picture, FramePool pool, long captureUs, @Nullable Runnable onClose) {
    int width = picture.width();
    int height = picture.height();
    VideoFrame frame = pool.acquireVideo(PixelFormat.I420, width, height, captureUs, onClose);
    try {
      int format = picture.format();
      boolean planar420 = format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
      if (planar420 && picture.linesize(0) > 0 && picture.linesize(1) > 0
          && picture.linesize(2) > 0) {
        for (int i = 0; i < 3; i++) {
          copyPlane(picture, i, frame);
        }
      } else {
        convert(picture, frame);
      }
      return frame;
    } catch (RuntimeException e) {
      frame.close();
      throw e;
    }
  }

  private static void copyPlane(AVFrame picture, int index, VideoFrame into) {
    int rowBytes = PixelFormat.I420.minStride(index, into.width());
    int rows = PixelFormat.I420.rows(index, into.height());
    int fromStride = picture.linesize(index);
    ByteBuffer from = picture.data(index).capacity((long) fromStride * (rows - 1) + rowBytes)
        .asByteBuffer();
    ByteBuffer to = into.plane(index);
    int toStride = into.stride(index);
    for (int row = 0; row < rows; row++) {
      to.put(row * toStride, from, row * fromStride, rowBytes);
    }
  }

  private void convert(AVFrame picture, VideoFrame into) {
    int width = into.width();
    int height = into.height();
    sws = sws_getCachedContext(sws, width, height, picture.format(), width, height,
        AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
    if (sws == null) {
      throw new dev.liverec.MediaException("swscale cannot convert pixel format "
          + picture.format() + " to yuv420p");
    }
    for (int i = 0; i < 3; i++) {
      target.put(i, planes.pointer(into.plane(i)));
      targetStrides.put(i, into.stride(i));
    }
    sws_scale(sws, picture.data(), picture.linesize(), 0, height, target, targetStrides);
  }

  @Override
  public void close() {
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    target.close();
    targetStrides.close();
    planes.clear();
  }
}
