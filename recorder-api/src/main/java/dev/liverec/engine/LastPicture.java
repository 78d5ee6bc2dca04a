package dev.liverec.engine;

import dev.liverec.frame.FramePool;
import dev.liverec.frame.VideoFrame;
import org.jspecify.annotations.Nullable;

/**
 * The last picture encoded, kept so that a recording ending by the clock after its source went
 * quiet can hold it up to the end time.
 *
 * <p>Ownership: {@link #keep} takes over every frame the pipeline is done with; this holds
 * exactly one and closes the one it held before. A pooled frame nobody waits for is kept as it is
 * (no copy: the pool simply lends the source another buffer); a caller-owned or paced frame is
 * copied into a pooled one and closed at once ({@link VideoFrame#retain}). {@link #close()} frees
 * the kept frame; the video track calls it when it closes, on every path. Session thread only.
 */
final class LastPicture implements AutoCloseable {
  private final FramePool pool;
  private @Nullable VideoFrame frame;

  LastPicture(FramePool pool) {
    this.pool = pool;
  }

  /** Takes ownership of {@code encoded}, which replaces (and frees) the picture kept so far. */
  void keep(VideoFrame encoded) {
    close();
    frame = encoded.retain(pool);
  }

  /** The picture kept, owned by this (never close it), or null before the first. */
  @Nullable VideoFrame get() {
    return frame;
  }

  /** Frees the picture kept, if any. Safe to call again. */
  @Override
  public void close() {
    VideoFrame kept = frame;
    frame = null;
    if (kept != null) {
      kept.close();
    }
  }
}
