package com.example.downstream;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;

/**
 * A FrameSource of our own: a white square crossing a grey picture, {@code frames} frames at
 * {@code fps}, then the end of the stream. It sends on its own thread as fast as the recorder
 * takes frames, with capture timestamps a frame apart, so it is not live: the recording follows
 * its timestamps. It keeps at most {@link #IN_FLIGHT} frames handed over and not yet encoded (the
 * session closes each frame when done with it), so the recorder's queue never overflows.
 */
public final class MovingSquareSource implements FrameSource {
  private static final int IN_FLIGHT = 8;

  private final int width;
  private final int height;
  private final int fps;
  private final int frames;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private volatile boolean closed;
  private volatile Thread thread;

  public MovingSquareSource(int width, int height, int fps, int frames) {
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.frames = frames;
  }

  @Override
  public void start(FrameSink sink) {
    thread = new Thread(() -> run(sink), "moving-square");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(FrameSink sink) {
    for (int i = 0; i < frames && !closed; i++) {
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long captureTimeUs = i * 1_000_000L / fps;
      VideoFrame frame = sink.pool().acquireVideo(PixelFormat.I420, width, height, captureTimeUs,
          inFlight::release);
      paint(frame, i);
      sink.onVideo(frame);
    }
    if (!closed) {
      sink.onEvent(new SourceEvent.EndOfStream(frames + " frames sent"));
    }
  }

  private void paint(VideoFrame frame, int index) {
    int side = height / 4;
    int left = (index * 4) % (width - side);
    ByteBuffer luma = frame.plane(0);
    int stride = frame.stride(0);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean square = x >= left && x < left + side && y >= side && y < 2 * side;
        luma.put(y * stride + x, (byte) (square ? 235 : 96));
      }
    }
    for (int plane = 1; plane <= 2; plane++) {
      ByteBuffer chroma = frame.plane(plane);
      for (int i = 0; i < chroma.capacity(); i++) {
        chroma.put(i, (byte) 128);
      }
    }
  }

  @Override
  public boolean hasAudio() {
    return false;
  }

  @Override
  public boolean isLive() {
    return false;
  }

  @Override
  public String describe() {
    return "moving square " + width + "x" + height + "@" + fps + ", " + frames + " frames";
  }

  @Override
  public void close() {
    closed = true;
    Thread running = thread;
    if (running != null) {
      running.interrupt();
      try {
        running.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
