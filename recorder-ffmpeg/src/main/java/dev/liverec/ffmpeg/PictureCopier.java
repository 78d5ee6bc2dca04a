package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
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
 * Turns a decoded picture into an I420 {@link VideoFrame} of the same size. YUV 4:2:0 (what H.264
 * decoders and raw I420 files give) is not copied: the frame wraps the decoder's planes and holds
 * a reference to them (an {@code av_frame_clone}) until it is closed, which saves a copy of every
 * picture (3 MB at 1080p). Any other pixel format is converted by swscale into a pooled frame.
 *
 * <p>Owns its {@code SwsContext}. Used by the source's reader thread only; the frames it returns
 * may be closed on any thread.
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
    int format = picture.format();
    boolean planar420 = format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
    if (planar420 && picture.linesize(0) > 0 && picture.linesize(1) > 0
        && picture.linesize(2) > 0) {
      return wrap(picture, captureUs, onClose);
    }
    VideoFrame frame = pool.acquireVideo(PixelFormat.I420, width, height, captureUs, onClose);
    try {
      convert(picture, frame);
      return frame;
    } catch (RuntimeException e) {
      frame.close();
      throw e;
    }
  }

  /** A frame over {@code picture}'s planes, holding a new reference to them until closed. */
  private static VideoFrame wrap(AVFrame picture, long captureUs, @Nullable Runnable onClose) {
    AVFrame held = av_frame_clone(picture);
    if (held == null) {
      throw new dev.liverec.MediaException("out of memory referencing a decoded picture");
    }
    try {
      int width = held.width();
      int height = held.height();
      ByteBuffer[] planes = new ByteBuffer[3];
      int[] strides = new int[3];
      for (int i = 0; i < 3; i++) {
        int rowBytes = PixelFormat.I420.minStride(i, width);
        int rows = PixelFormat.I420.rows(i, height);
        strides[i] = held.linesize(i);
        planes[i] = held.data(i).capacity((long) strides[i] * (rows - 1) + rowBytes)
            .asByteBuffer();
      }
      return VideoFrame.wrap(PixelFormat.I420, width, height, planes, strides, captureUs, () -> {
        av_frame_free(held);
        if (onClose != null) {
          onClose.run();
        }
      });
    } catch (RuntimeException e) {
      av_frame_free(held);
      throw e;
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
