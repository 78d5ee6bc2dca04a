package dev.liverec.spi;

/**
 * A stream encoder owned by one session thread. Every {@code encode} call drains every packet
 * the codec has ready into the sink before it returns, so frames in become packets out with no
 * buffering beyond the codec's own minimum. {@link #drain} flushes the codec and is called exactly
 * once, when the recording stops; nothing may be encoded after it.
 */
public interface Encoder extends AutoCloseable {
  /** The codec implementation in use, for example {@code libx264}. */
  String name();

  /** The stream the muxer must declare for this encoder's packets. */
  StreamDescriptor descriptor();

  /** Flushes the codec's remaining packets into {@code sink}. Called once, at stop. */
  void drain(PacketSink sink);

  /** Frees every native resource. Idempotent; never throws. */
  @Override
  void close();
}
