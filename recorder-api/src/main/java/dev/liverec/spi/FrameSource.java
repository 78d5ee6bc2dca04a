package dev.liverec.spi;

/**
 * A live stream of decoded frames: a LiveKit room, a synthetic scenario, a camera.
 *
 * <p>{@link #start} returns promptly and frames then flow into the sink from the source's own
 * threads until {@link #close()}. A source reports its own end or failure through
 * {@link SourceEvent}s rather than exceptions, because it runs on threads the session does not own.
 * A source that needs time to connect sends nothing meanwhile: the session's stall timer starts
 * with its first frame or event, so the source must bound its own connecting and report a
 * failure when it cannot.
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

  /**
   * Whether this source runs on the wall clock, as a live stream does (a room, a camera, a
   * synthetic stream paced in real time). A recording of a live source with a
   * {@linkplain dev.liverec.RecorderConfig#maxDuration() maximum duration} also ends by the
   * clock: once that much wall time has passed since its first frame arrived, even when no frame
   * comes any more (a publisher that left for good), the last picture held and the audio filled
   * with silence up to that length.
   *
   * <p>A source that is not live does not run on the wall clock: a file, or a generator on a
   * virtual clock that sends as fast as the recorder takes frames. Its media time may run ahead
   * of the wall clock or behind it (a slow encoder, a pause), so its recording ends by media time
   * only. Default: live.
   */
  default boolean isLive() {
    return true;
  }

  /** A short description for logs and status, never containing secrets. */
  String describe();

  /** Stops pushing and releases every thread and native resource. Idempotent; never throws. */
  @Override
  void close();
}
