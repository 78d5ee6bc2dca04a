package dev.liverec.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Makes {@code record --output} safe to write: a name is given, its folder exists (created if
 * needed), and whatever is there already is replaced only with {@code --overwrite} and only when
 * it is a regular file. A device, FIFO, socket, folder or symbolic link is never touched. The
 * recorder then creates the file new (it refuses an existing one).
 */
final class OutputTarget {
  private OutputTarget() {}

  /**
   * @throws ParameterException when the path is empty, names something other than a regular
   *     file, or exists without {@code --overwrite}
   * @throws CommandFailure when the folder cannot be created or the old file not removed
   */
  static void prepare(CommandSpec spec, Path output, boolean overwrite) {
    if (output.toString().isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "--output is empty; give a file name such as recording.mp4");
    }
    BasicFileAttributes existing = attributes(output);
    if (existing != null) {
      if (!existing.isRegularFile()) {
        throw new ParameterException(spec.commandLine(), "--output " + output + " is "
            + kind(existing) + ", not a regular file; it is left alone: choose a file name");
      }
      if (!overwrite) {
        throw new ParameterException(spec.commandLine(), "--output " + output + " exists; add "
            + "--overwrite to replace it, or choose another name");
      }
    }
    Path parent = output.toAbsolutePath().getParent();
    try {
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
      if (existing != null) {
        // Checked again right before: only a regular file is ever deleted.
        BasicFileAttributes now = attributes(output);
        if (now != null && now.isRegularFile()) {
          Files.delete(output);
        } else if (now != null) {
          throw new ParameterException(spec.commandLine(), "--output " + output + " changed to "
              + kind(now) + "; it is left alone: choose a file name");
        }
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot write " + output + ": " + describe(e)
          + "; choose a folder you can write to", e);
    }
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new CommandFailure("cannot look at " + path + ": " + describe(e), e);
    }
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a folder";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    return "a device, FIFO or socket";
  }

  private static String describe(IOException e) {
    String what = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])",
        "$1 $2").toLowerCase(java.util.Locale.ROOT);
    return e.getMessage() == null ? what : what + " (" + e.getMessage() + ")";
  }
}
