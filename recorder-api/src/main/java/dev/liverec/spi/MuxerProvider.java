package dev.liverec.spi;

/** Makes muxers; found with {@link java.util.ServiceLoader} like {@link EncoderProvider}. */
public interface MuxerProvider {
  String name();

  default int priority() {
    return 0;
  }

  /** @throws dev.liverec.MediaException when the output cannot be opened */
  Muxer open(MuxerSettings settings);
}
