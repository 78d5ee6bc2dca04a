package dev.liverec.spi;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.VideoFrame;

/**
 * Where a {@link FrameSource} pushes what it receives. Every method returns at once: the caller
 * never waits on encoding or IO. Handing a frame over hands over its ownership.
 */
public interface FrameSink {
  /** Takes ownership of {@code frame}. */
  void onVideo(VideoFrame frame);

  /** Takes ownership of {@code frame}. */
  void onAudio(AudioFrame frame);

  /** Mute, unmute, end of stream, errors: see {@link SourceEvent}. */
  void onEvent(SourceEvent event);

  /** The pool sources should take frames from, so buffers are recycled by the session. */
  FramePool pool();
}
