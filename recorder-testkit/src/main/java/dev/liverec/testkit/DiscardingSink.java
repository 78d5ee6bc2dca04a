package dev.liverec.testkit;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.SourceEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link FrameSink} that returns every frame to its pool at once and keeps the events, for tests
 * of a source on its own (no recording): start the source into it and watch what it says.
 */
public final class DiscardingSink implements FrameSink {
  private final FramePool pool = new FramePool();
  private final List<SourceEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onVideo(VideoFrame frame) {
    frame.close();
  }

  @Override
  public void onAudio(AudioFrame frame) {
    frame.close();
  }

  @Override
  public void onEvent(SourceEvent event) {
    events.add(event);
  }

  @Override
  public FramePool pool() {
    return pool;
  }

  /** The events received so far, in order. */
  public List<SourceEvent> events() {
    return List.copyOf(events);
  }
}
