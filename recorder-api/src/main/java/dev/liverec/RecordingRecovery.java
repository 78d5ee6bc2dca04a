package dev.liverec;

import dev.liverec.spi.MuxerProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns what a killed recorder left behind (a fragmented MP4 whose last fragment may be cut
 * short) into a normal MP4 with an index at the front, keeping every complete fragment. The
 * damaged file is only read, never changed.
 */
public final class RecordingRecovery {
  private RecordingRecovery() {}

  /**
   * Repairs {@code damaged} into {@code output}, with the muxer provider found on the classpath.
   *
   * @throws OutputNotWritableException if {@code output} exists or its folder is missing
   * @throws MediaException if {@code damaged} holds no recoverable media
   */
  public static RecoveryResult recover(Path damaged, Path output) {
    return recover(damaged, output, Providers.muxer());
  }

  /** Like {@link #recover(Path, Path)} with a given provider. */
  public static RecoveryResult recover(Path damaged, Path output, MuxerProvider provider) {
    Objects.requireNonNull(damaged, "damaged");
    Objects.requireNonNull(output, "output");
    if (!Files.isRegularFile(damaged)) {
      throw new MediaException("cannot recover " + damaged + ": no such file");
    }
    if (Files.exists(output)) {
      throw new OutputNotWritableException(output, "the file exists; choose a new name");
    }
    Path folder = output.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new OutputNotWritableException(output, "folder " + folder + " does not exist");
    }
    return provider.recover(damaged, output);
  }
}
