package dev.liverec.ffmpeg;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;

/**
 * Test helper: passes a source through unchanged and notes, by the wall clock, when it first
 * told anything (the source tells as soon as an input connects) and when its last video frame
 * was handed over: the wall time a live recording's duration must match.
 */
final class TimedSource implements FrameSource {
  private final FrameSource inner;
  private volatile long openedNanos;
  private volatile long lastVideoNanos;

  TimedSource(FrameSource inner) {
    this.inner = inner;
  }

  /** Seconds from the input's first opening to its last video frame. */
  double wallSeconds() {
    if (openedNanos == 0 || lastVideoNanos == 0) {
      throw new AssertionError("the source never opened or never sent video");
    }
    return (lastVideoNanos - openedNanos) / 1e9;
  }

  @Override
  public void start(FrameSink sink) {
    inner.start(new FrameSink() {
      @Override
      public void onVideo(VideoFrame frame) {
        lastVideoNanos = System.nanoTime();
        sink.onVideo(frame);
      }

      @Override
      public void onAudio(AudioFrame frame) {
        sink.onAudio(frame);
      }

      @Override
      public void onEvent(SourceEvent event) {
        if (openedNanos == 0) {
          openedNanos = System.nanoTime();
        }
        sink.onEvent(event);
      }

      @Override
      public FramePool pool() {
        return sink.pool();
      }
    });
  }

  @Override
  public boolean hasAudio() {
    return inner.hasAudio();
  }

  @Override
  public boolean isLive() {
    return inner.isLive();
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public void close() {
    inner.close();
  }
}
