package dev.liverec.benchmarks;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Prototype of the recommended fix, built only from public API: a stage between a source and the
 * session that converts packed BGR24 to I420 with swscale on its own thread, so conversion of
 * frame n+1 overlaps the encoding of frame n instead of running before it on the session thread.
 * The I420 frames come from the session's {@link FramePool}; closing one closes the BGR frame it
 * was made from, so the source's flow control still sees "encoded and muxed". Allocation-free in
 * steady state (native views are cached per buffer).
 */
final class ConvertingSink implements FrameSink {
  private static final int SLOTS = 16;

  private final FrameSink downstream;
  private final int width;
  private final int height;
  private final BlockingQueue<VideoFrame> pending = new ArrayBlockingQueue<>(SLOTS);
  private final VideoFrame[] originals = new VideoFrame[SLOTS];
  private final Runnable[] closers = new Runnable[SLOTS];
  private final Map<ByteBuffer, BytePointer> views = new IdentityHashMap<>();
  private final PointerPointer<BytePointer> src = new PointerPointer<>(4);
  private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
  private final IntPointer srcStride = new IntPointer(4);
  private final IntPointer dstStride = new IntPointer(4);
  private final SwsContext sws;
  private final Thread thread;
  private volatile boolean running = true;
  private long slot;

  private ConvertingSink(FrameSink downstream, int width, int height) {
    this.downstream = downstream;
    this.width = width;
    this.height = height;
    for (int i = 0; i < SLOTS; i++) {
      int index = i;
      closers[i] = () -> {
        VideoFrame original = originals[index];
        originals[index] = null;
        if (original != null) {
          original.close();
        }
      };
    }
    this.sws = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P,
        SWS_BILINEAR, null, null, (DoublePointer) null);
    this.thread = new Thread(this::run, "bgr-to-i420");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code source} as a source whose BGR24 frames reach the session as I420. */
  static FrameSource wrap(FrameSource source, int width, int height) {
    return new FrameSource() {
      private ConvertingSink stage;

      @Override
      public void start(FrameSink sink) {
        stage = new ConvertingSink(sink, width, height);
        source.start(stage);
      }

      @Override
      public boolean hasAudio() {
        return source.hasAudio();
      }

      @Override
      public String describe() {
        return source.describe() + ", converted to I420 on its own thread";
      }

      @Override
      public void close() {
        source.close();
        if (stage != null) {
          stage.stop();
        }
      }
    };
  }

  @Override
  public void onVideo(VideoFrame frame) {
    if (frame.format() != PixelFormat.BGR24 || !pending.offer(frame)) {
      downstream.onVideo(frame);
    }
  }

  private void run() {
    try {
      while (running) {
        VideoFrame bgr = pending.take();
        int s = (int) (slot++ % SLOTS);
        originals[s] = bgr;
        VideoFrame yuv = downstream.pool().acquireVideo(PixelFormat.I420, width, height,
            bgr.captureTimeUs(), closers[s]);
        src.put(0, view(bgr.plane(0)));
        srcStride.put(0, bgr.stride(0));
        for (int p = 0; p < 3; p++) {
          dst.put(p, view(yuv.plane(p)));
          dstStride.put(p, yuv.stride(p));
        }
        sws_scale(sws, src, srcStride, 0, height, dst, dstStride);
        downstream.onVideo(yuv);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private BytePointer view(ByteBuffer buffer) {
    BytePointer p = views.get(buffer);
    if (p == null) {
      p = new BytePointer(buffer);
      views.put(buffer, p);
    }
    return p;
  }

  void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    VideoFrame left;
    while ((left = pending.poll()) != null) {
      left.close();
    }
    sws_freeContext(sws);
  }

  @Override
  public void onAudio(AudioFrame frame) {
    downstream.onAudio(frame);
  }

  @Override
  public void onEvent(SourceEvent event) {
    downstream.onEvent(event);
  }

  @Override
  public FramePool pool() {
    return downstream.pool();
  }
}
