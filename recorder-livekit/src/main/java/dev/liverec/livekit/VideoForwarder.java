package dev.liverec.livekit;

import dev.liverec.frame.PixelFormat;
import dev.liverec.spi.FrameSink;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies WebRTC's decoded pictures into pooled I420 {@link dev.liverec.frame.VideoFrame}s. Runs on
 * WebRTC's decoder thread: copies, hands over, releases WebRTC's frame, never waits.
 *
 * <p>The capture time is WebRTC's render time ({@code timestampNs}), which is on the monotonic
 * clock {@link System#nanoTime()} reads on Linux, the same clock the audio is stamped with, and
 * already includes WebRTC's own audio/video synchronisation delay. Should it ever be far from
 * {@code nanoTime()} (another clock), the arrival time is used instead.
 */
final class VideoForwarder implements VideoTrackSink {
  private static final Logger log = LoggerFactory.getLogger(VideoForwarder.class);
  private static final long SAME_CLOCK_NS = 2_000_000_000L;

  private final AtomicLong frames = new AtomicLong();
  private volatile @Nullable FrameSink sink;
  private volatile long firstFrameNanos;
  private volatile int width;
  private volatile int height;
  private boolean warnedClock;
  private boolean warnedFrame;

  void attach(FrameSink sink) {
    this.sink = sink;
  }

  void detach() {
    sink = null;
  }

  @Override
  public void onVideoFrame(dev.onvoid.webrtc.media.video.VideoFrame frame) {
    try {
      FrameSink target = sink;
      if (target != null) {
        forward(frame, target);
      }
    } catch (RuntimeException e) {
      if (!warnedFrame) {
        warnedFrame = true;
        log.warn("dropping a video frame the recorder cannot take: {}", e.getMessage());
      }
    } finally {
      frame.release();
    }
  }

  private void forward(dev.onvoid.webrtc.media.video.VideoFrame frame, FrameSink target) {
    long now = System.nanoTime();
    long captureNs = frame.timestampNs;
    if (Math.abs(captureNs - now) > SAME_CLOCK_NS) {
      if (!warnedClock) {
        warnedClock = true;
        log.warn("WebRTC frame times are not on System.nanoTime()'s clock; using arrival times");
      }
      captureNs = now;
    }
    I420Buffer i420 = frame.buffer.toI420();
    try {
      int w = i420.getWidth();
      int h = i420.getHeight();
      dev.liverec.frame.VideoFrame out =
          target.pool().acquireVideo(PixelFormat.I420, w, h, captureNs / 1_000);
      try {
        copyPlane(i420.getDataY(), i420.getStrideY(), out.plane(0), out.stride(0), w, h);
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        copyPlane(i420.getDataU(), i420.getStrideU(), out.plane(1), out.stride(1), cw, ch);
        copyPlane(i420.getDataV(), i420.getStrideV(), out.plane(2), out.stride(2), cw, ch);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
      width = w;
      height = h;
      if (frames.getAndIncrement() == 0) {
        firstFrameNanos = now;
      }
      target.onVideo(out);
    } finally {
      if (i420 != frame.buffer) {
        i420.release();
      }
    }
  }

  private static void copyPlane(
      ByteBuffer src, int srcStride, ByteBuffer dst, int dstStride, int rowBytes, int rows) {
    if (srcStride == dstStride) {
      int length = srcStride * (rows - 1) + rowBytes;
      dst.put(0, src, 0, length);
      return;
    }
    for (int r = 0; r < rows; r++) {
      dst.put(r * dstStride, src, r * srcStride, rowBytes);
    }
  }

  long framesForwarded() {
    return frames.get();
  }

  /** {@link System#nanoTime()} of the first forwarded frame, or 0. */
  long firstFrameNanos() {
    return firstFrameNanos;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }
}
