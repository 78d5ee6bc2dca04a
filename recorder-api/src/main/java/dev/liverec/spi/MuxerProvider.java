package dev.liverec.spi;

/** Makes muxers; found with {@link java.util.ServiceLoader} like {@link EncoderProvider}. */
public interface MuxerProvider {
  String name();

  default int priority() {
    return 0;
  }

  /** @throws dev.liverec.MediaException when the output cannot be opened */
  Muxer open(MuxerSettings settings);

  /**
   * Copies every complete packet of a file this provider's muxer left unfinished (a crash) into a
   * new, normal file. See {@link dev.liverec.RecordingRecovery}.
   *
   * @throws dev.liverec.MediaException when nothing can be recovered, or this provider cannot
   */
  default dev.liverec.RecoveryResult recover(java.nio.file.Path damaged, java.nio.file.Path output) {
    throw new dev.liverec.MediaException(name() + " cannot recover files");
  }
}
