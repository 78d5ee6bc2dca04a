package dev.liverec.app.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names output files {@code {mint_id}_{UTC timestamp}.mp4} inside one folder, as the guide's
 * {@code ls recordings/test_basic_*.mp4} expects, and makes sure each name stays in that folder.
 */
final class RecordingFiles {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path folder;
  private final Clock clock;

  /**
   * Creates the folder if needed.
   *
   * @throws UncheckedIOException when it cannot be created or resolved
   */
  RecordingFiles(Path folder, Clock clock) {
    try {
      Files.createDirectories(folder);
      this.folder = folder.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use recordings folder " + folder + ": " + e, e);
    }
    this.clock = clock;
  }

  /** The folder, absolute and with links resolved. */
  Path folder() {
    return folder;
  }

  /**
   * A new file name for this id that does not exist yet; a second recording in the same second
   * gets {@code -2}, {@code -3}, ... appended to the timestamp.
   *
   * @throws ApiException 400 if the name would leave the folder (cannot happen for a valid id;
   *     checked anyway)
   */
  Path newOutput(MintId id) {
    String stamp = STAMP.format(clock.instant());
    for (int n = 1; ; n++) {
      String name = id.value() + "_" + stamp + (n == 1 ? "" : "-" + n) + ".mp4";
      Path file = folder.resolve(name).normalize();
      if (!folder.equals(file.getParent())) {
        throw ApiException.badRequest("mint_id does not name a file inside the recordings folder");
      }
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return file;
      }
    }
  }
}
