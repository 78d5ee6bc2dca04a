package dev.liverec.spi;

/**
 * Writes packets into a container file. Used by one session thread: {@link #addStream} for each
 * stream, {@link #begin}, then {@link #write} for each packet, {@link #finish} once, then
 * {@link #close()}. If {@code finish} is never reached (an error, a killed process) the file
 * written so far must still be playable up to its last complete fragment.
 */
public interface Muxer extends AutoCloseable {
  /** Declares a stream; returns its index for {@link #write}. */
  int addStream(StreamDescriptor stream);

  /** Writes the file header. No stream may be added after this. */
  void begin();

  /** Writes one packet of stream {@code streamIndex}, whose time base is its descriptor's. */
  void write(int streamIndex, EncodedPacket packet);

  /** Pushes everything buffered so far to the file, ending the current fragment. */
  void flush();

  /** Bytes written to the file so far. */
  long bytesWritten();

  /** Writes the trailer; the file is complete and normal afterwards. */
  void finish();

  /** Frees every native resource and closes the file. Idempotent; never throws. */
  @Override
  void close();
}
