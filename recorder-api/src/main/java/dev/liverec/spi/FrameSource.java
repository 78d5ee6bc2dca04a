package dev.liverec.spi;

/**
 * A live stream of decoded frames: a LiveKit room, a synthetic scenario, a camera.
 *
 * <p>{@link #start} returns promptly and frames then flow into the sink from the source's own
 * threads until {@link #close()}. A source reports its own end or failure through
 * {@link SourceEvent}s rather than exceptions, because it runs on threads the session does not own.
 */
public interface FrameSource extends AutoCloseable {
  /**
   * Begins pushing frames and events into {@code sink}.
   *
   * @throws RuntimeException when the source cannot start at all (bad address, rejected
   *     credentials); the session then ends FAILED with that reason
   */
  void start(FrameSink sink);

  /** Whether this source will ever send audio; when true the recording declares an audio track. */
  default boolean hasAudio() {
    return true;
  }

  /** A short description for logs and status, never containing secrets. */
  String describe();

  /** Stops pushing and releases every thread and native resource. Idempotent; never throws. */
  @Override
  void close();
}
