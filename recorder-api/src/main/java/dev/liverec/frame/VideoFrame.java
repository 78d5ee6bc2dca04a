package dev.liverec.frame;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * One decoded video picture: its planes (direct buffers, so native code can read them without a
 * copy), their strides, its size and its capture time in microseconds on the source's clock.
 *
 * <p>Ownership: whoever holds a frame must {@link #close()} it exactly once, or hand it to a
 * {@link dev.liverec.spi.FrameSink}, which then owns it. Closing returns pooled buffers to their
 * {@link FramePool}; a frame must not be read after it is closed.
 *
 * <p>Every geometry is checked here, in Java, when the frame is made: a frame that exists is safe
 * to hand to native code.
 */
public final class VideoFrame implements AutoCloseable {
  /** Largest accepted width or height (covers 8K UHD, 7680 x 4320). */
  public static final int MAX_DIMENSION = 8192;

  private PixelFormat format;
  private int width;
  private int height;
  private long captureTimeUs;
  private long arrivalNanos;
  private final ByteBuffer[] planes = new ByteBuffer[3];
  private final int[] strides = new int[3];
  private final @Nullable FramePool pool;
  private @Nullable Runnable onClose;
  private boolean open;

  VideoFrame(@Nullable FramePool pool) {
    this.pool = pool;
    this.format = PixelFormat.I420;
  }

  /**
   * Wraps caller-owned direct buffers. {@code onClose} (may be null) runs once when the frame is
   * closed, so the caller knows when the buffers are free again.
   *
   * @throws InvalidFrameException when a size, stride or buffer does not fit the picture
   */
  public static VideoFrame wrap(
      PixelFormat format,
      int width,
      int height,
      ByteBuffer[] planes,
      int[] strides,
      long captureTimeUs,
      @Nullable Runnable onClose) {
    checkGeometry(format, width, height);
    if (planes.length < format.planeCount() || strides.length < format.planeCount()) {
      throw new InvalidFrameException(
          format + " needs " + format.planeCount() + " planes and strides, got " + planes.length
              + " and " + strides.length);
    }
    VideoFrame frame = new VideoFrame(null);
    frame.format = format;
    frame.width = width;
    frame.height = height;
    for (int i = 0; i < format.planeCount(); i++) {
      ByteBuffer plane = planes[i];
      checkPlane(format, width, height, i, plane, strides[i]);
      frame.planes[i] = plane;
      frame.strides[i] = strides[i];
    }
    frame.captureTimeUs = captureTimeUs;
    frame.onClose = onClose;
    frame.open = true;
    return frame;
  }

  /** Checks that a picture of this format and size can be recorded. */
  public static void checkGeometry(PixelFormat format, int width, int height) {
    if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
      throw new InvalidFrameException(
          "video frame " + width + "x" + height + " is outside 1.." + MAX_DIMENSION + " in "
              + "width or height");
    }
    if (format == null) {
      throw new InvalidFrameException("pixel format is missing");
    }
  }

  private static void checkPlane(
      PixelFormat format, int width, int height, int index, @Nullable ByteBuffer plane, int stride) {
    if (plane == null) {
      throw new InvalidFrameException("plane " + index + " is missing");
    }
    if (!plane.isDirect()) {
      throw new InvalidFrameException(
          "plane " + index + " must be a direct ByteBuffer (ByteBuffer.allocateDirect) or come "
              + "from a FramePool");
    }
    int minStride = format.minStride(index, width);
    if (stride < minStride) {
      throw new InvalidFrameException(
          "plane " + index + " stride " + stride + " is smaller than its row of " + minStride
              + " bytes for a " + width + "-pixel-wide " + format + " frame");
    }
    int rows = format.rows(index, height);
    long needed = (long) stride * (rows - 1) + minStride;
    if (plane.remaining() < needed) {
      throw new InvalidFrameException(
          "plane " + index + " holds " + plane.remaining() + " bytes but " + rows + " rows of "
              + "stride " + stride + " need " + needed);
    }
  }

  void lease(
      PixelFormat format, int width, int height, long captureTimeUs, @Nullable Runnable onClose) {
    this.onClose = onClose;
    this.format = format;
    this.width = width;
    this.height = height;
    this.captureTimeUs = captureTimeUs;
    this.arrivalNanos = 0;
    for (int i = 0; i < format.planeCount(); i++) {
      planes[i].clear();
    }
    this.open = true;
  }

  void setPlane(int index, ByteBuffer buffer, int stride) {
    planes[index] = buffer;
    strides[index] = stride;
  }

  public PixelFormat format() {
    return format;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Capture time on the source's clock, in microseconds. Only differences between frames matter. */
  public long captureTimeUs() {
    return captureTimeUs;
  }

  /** Sets the capture time; for sources that fill a pooled frame before they know its time. */
  public void setCaptureTimeUs(long captureTimeUs) {
    ensureOpen();
    this.captureTimeUs = captureTimeUs;
  }

  /** {@link System#nanoTime()} when the session received the frame; 0 before that. */
  public long arrivalNanos() {
    return arrivalNanos;
  }

  /** Stamped by the session when the frame is handed over. */
  public void markArrival(long nanos) {
    this.arrivalNanos = nanos;
  }

  public int planeCount() {
    return format.planeCount();
  }

  /**
   * Plane {@code index} as a direct buffer positioned at its first byte. The buffer is shared with
   * the frame: write into it to fill a pooled frame, never keep it after {@link #close()}.
   */
  public ByteBuffer plane(int index) {
    ensureOpen();
    return planes[index];
  }

  public int stride(int index) {
    return strides[index];
  }

  public boolean isOpen() {
    return open;
  }

  private void ensureOpen() {
    if (!open) {
      throw new IllegalStateException("video frame used after close()");
    }
  }

  /**
   * Hands this frame over to be kept for longer than its delivery (the recorder keeps the last
   * picture so it can hold it) and returns the frame to keep. That is this frame when its buffers
   * are pooled and nobody waits for it to close: keeping it only makes the pool allocate one more.
   * Otherwise (caller-owned buffers from {@link #wrap}, or a close callback a source paces itself
   * on) it is a copy in a frame from {@code pool}, and this frame is closed at once, so its owner
   * gets its buffers back as if the frame had been used and closed.
   *
   * <p>Either way the caller no longer owns this frame and owns the returned one, which it must
   * close once. On an exception this frame is closed and nothing is returned.
   */
  public VideoFrame retain(FramePool pool) {
    ensureOpen();
    if (this.pool != null && onClose == null) {
      return this;
    }
    try {
      VideoFrame copy = pool.acquireVideo(format, width, height, captureTimeUs);
      try {
        copy.arrivalNanos = arrivalNanos;
        for (int i = 0; i < format.planeCount(); i++) {
          copyPlane(i, copy);
        }
        return copy;
      } catch (RuntimeException e) {
        copy.close();
        throw e;
      }
    } finally {
      close();
    }
  }

  private void copyPlane(int index, VideoFrame to) {
    ByteBuffer from = planes[index];
    ByteBuffer into = to.planes[index];
    int rowBytes = format.minStride(index, width);
    int rows = format.rows(index, height);
    int fromStride = strides[index];
    int intoStride = to.strides[index];
    if (fromStride == intoStride) {
      into.put(into.position(), from, from.position(), fromStride * (rows - 1) + rowBytes);
      return;
    }
    for (int row = 0; row < rows; row++) {
      into.put(into.position() + row * intoStride, from, from.position() + row * fromStride,
          rowBytes);
    }
  }

  /** Returns the buffers to their pool (or tells the wrapper's owner). Safe to call twice. */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    Runnable callback = onClose;
    if (callback != null) {
      callback.run();
    }
    if (pool != null) {
      pool.recycle(this);
    }
  }

  @Override
  public String toString() {
    return "VideoFrame[" + format + " " + width + "x" + height + " @" + captureTimeUs + "us]";
  }
}
