package dev.liverec.spi;

import java.nio.ByteBuffer;

/**
 * One compressed packet, lent by an encoder to a {@link PacketSink} for the duration of a single
 * call. The sink must not keep it, or its data, after returning: the encoder reuses both.
 */
public interface EncodedPacket {
  /** Presentation time in the stream's time base ({@link StreamDescriptor#timeBaseDen()}). */
  long pts();

  /** Decoding time in the stream's time base. */
  long dts();

  /** Duration in the stream's time base, or 0 when unknown. */
  long duration();

  boolean isKeyFrame();

  int size();

  /** A read-only view of the payload, valid only during the sink call. */
  ByteBuffer data();
}
