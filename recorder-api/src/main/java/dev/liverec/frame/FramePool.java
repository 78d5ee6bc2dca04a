package dev.liverec.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Recycles frame buffers so that steady-state recording allocates nothing per frame.
 *
 * <p>A source takes a frame with {@link #acquireVideo} or {@link #acquireAudio}, fills it and hands
 * it to a sink; whoever ends up closing it returns it here. Thread-safe: sources acquire on their
 * own threads while the session thread recycles. At most {@code maxIdlePerShape} idle frames are
 * kept for each picture shape, so a pool never holds more than a few frames beyond what is in
 * flight; buffers beyond that are left to the garbage collector.
 */
public final class FramePool {
  /**
   * Spare bytes after every pooled plane. Native code reading whole SIMD words (swscale, codecs)
   * may read a little past the last row; with this padding it never leaves the buffer.
   */
  public static final int PLANE_PADDING = 256;

  private static final int MAX_SHAPES = 8;

  private final int maxIdlePerShape;
  private final List<VideoShape> videoShapes = new ArrayList<>();
  private final ArrayDeque<AudioFrame> idleAudio = new ArrayDeque<>();

  public FramePool() {
    this(16);
  }

  public FramePool(int maxIdlePerShape) {
    if (maxIdlePerShape < 0) {
      throw new IllegalArgumentException("maxIdlePerShape must be >= 0");
    }
    this.maxIdlePerShape = maxIdlePerShape;
  }

  /**
   * A writable video frame with tightly packed planes (stride = row width).
   *
   * @throws InvalidFrameException for a size that cannot be recorded
   */
  public VideoFrame acquireVideo(PixelFormat format, int width, int height, long captureTimeUs) {
    return acquireVideo(format, width, height, captureTimeUs, null);
  }

  /**
   * Like {@link #acquireVideo(PixelFormat, int, int, long)}, and {@code onClose} runs when the
   * frame is closed, for sources that pace themselves by frames in flight.
   */
  public VideoFrame acquireVideo(
      PixelFormat format, int width, int height, long captureTimeUs, @Nullable Runnable onClose) {
    VideoFrame.checkGeometry(format, width, height);
    VideoFrame frame;
    synchronized (this) {
      frame = shape(format, width, height).idle.pollFirst();
    }
    if (frame == null) {
      frame = new VideoFrame(this);
      for (int i = 0; i < format.planeCount(); i++) {
        int stride = format.minStride(i, width);
        ByteBuffer plane = ByteBuffer.allocateDirect(stride * format.rows(i, height) + PLANE_PADDING)
            .order(ByteOrder.nativeOrder());
        frame.setPlane(i, plane, stride);
      }
    }
    frame.lease(format, width, height, captureTimeUs, onClose);
    return frame;
  }

  /**
   * A writable audio frame for {@code samples} samples per channel of interleaved s16.
   *
   * @throws InvalidFrameException for a format that cannot be recorded
   */
  public AudioFrame acquireAudio(int sampleRate, int channels, int samples, long captureTimeUs) {
    return acquireAudio(sampleRate, channels, samples, captureTimeUs, false);
  }

  /** A zero-filled frame that the recorder writes while audio is muted or missing. */
  public AudioFrame acquireSilence(int sampleRate, int channels, int samples, long captureTimeUs) {
    AudioFrame frame = acquireAudio(sampleRate, channels, samples, captureTimeUs, true);
    ByteBuffer data = frame.buffer();
    for (int i = 0; i < data.limit(); i++) {
      data.put(i, (byte) 0);
    }
    return frame;
  }

  private AudioFrame acquireAudio(
      int sampleRate, int channels, int samples, long captureTimeUs, boolean silence) {
    AudioFrame.checkFormat(sampleRate, channels, samples);
    int bytes = samples * channels * 2;
    AudioFrame frame;
    synchronized (this) {
      frame = idleAudio.pollFirst();
    }
    if (frame == null) {
      frame = new AudioFrame(this, allocate(bytes));
    } else if (frame.buffer().capacity() < bytes) {
      frame.replaceBuffer(allocate(bytes));
    }
    frame.lease(sampleRate, channels, samples, captureTimeUs, silence);
    return frame;
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  synchronized void recycle(VideoFrame frame) {
    ArrayDeque<VideoFrame> idle = shape(frame.format(), frame.width(), frame.height()).idle;
    if (idle.size() < maxIdlePerShape) {
      idle.addFirst(frame);
    }
  }

  synchronized void recycle(AudioFrame frame) {
    if (idleAudio.size() < maxIdlePerShape * 4) {
      idleAudio.addFirst(frame);
    }
  }

  /** Idle frames held right now, for leak checks and tests. */
  public synchronized int idleCount() {
    int count = idleAudio.size();
    for (VideoShape shape : videoShapes) {
      count += shape.idle.size();
    }
    return count;
  }

  private VideoShape shape(PixelFormat format, int width, int height) {
    for (int i = 0; i < videoShapes.size(); i++) {
      VideoShape shape = videoShapes.get(i);
      if (shape.format == format && shape.width == width && shape.height == height) {
        return shape;
      }
    }
    if (videoShapes.size() == MAX_SHAPES) {
      videoShapes.remove(0);
    }
    VideoShape shape = new VideoShape(format, width, height);
    videoShapes.add(shape);
    return shape;
  }

  private static final class VideoShape {
    final PixelFormat format;
    final int width;
    final int height;
    final ArrayDeque<VideoFrame> idle = new ArrayDeque<>();

    VideoShape(PixelFormat format, int width, int height) {
      this.format = format;
      this.width = width;
      this.height = height;
    }
  }
}
