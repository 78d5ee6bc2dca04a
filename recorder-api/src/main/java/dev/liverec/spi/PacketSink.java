package dev.liverec.spi;

/** Receives packets from an encoder, one call each, on the session thread. */
@FunctionalInterface
public interface PacketSink {
  /** The packet is lent for this call only; see {@link EncodedPacket}. */
  void accept(EncodedPacket packet);
}
