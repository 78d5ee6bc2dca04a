package dev.liverec.engine;

import dev.liverec.OutputNotWritableException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output path, reserved for one session: created empty at start with create-new semantics,
 * so that a second session given the same path (or any existing file, FIFO or device there)
 * fails at once instead of truncating it, and released again if the session ends before its
 * first picture made it a file.
 */
public final class OutputFile {
  private static final Logger log = LoggerFactory.getLogger(OutputFile.class);

  private final Path path;

  private OutputFile(Path path) {
    this.path = path;
  }

  /**
   * Creates {@code output} as a new, empty regular file.
   *
   * @throws OutputNotWritableException if its folder is missing or not writable, or anything
   *     exists at that path
   */
  public static OutputFile reserve(Path output) {
    Path absolute = output.toAbsolutePath();
    Path folder = absolute.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new OutputNotWritableException(output,
          "folder " + folder + " does not exist; create it first");
    }
    try {
      Files.createFile(absolute);
    } catch (FileAlreadyExistsException e) {
      throw new OutputNotWritableException(output,
          "something exists at that path (another recording's file?); choose a new name");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw new OutputNotWritableException(output, "folder " + folder + " is not writable ("
          + why(e) + "); check its permissions and free space, or choose another folder");
    }
    return new OutputFile(absolute);
  }

  private static String why(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "it takes no new files";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Removes the reserved file if it is still empty (nothing was recorded into it). */
  public void releaseIfEmpty() {
    try {
      if (Files.isRegularFile(path) && Files.size(path) == 0) {
        Files.delete(path);
      }
    } catch (IOException e) {
      log.debug("could not remove the empty output {}", path, e);
    }
  }
}
