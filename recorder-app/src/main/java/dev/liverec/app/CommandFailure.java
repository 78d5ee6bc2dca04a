package dev.liverec.app;

import dev.liverec.LiverecException;
import org.jspecify.annotations.Nullable;

/**
 * A command could not do its work for a reason outside the command line (port in use, folder not
 * writable): printed as one line, exit code {@link ExitCode#ENVIRONMENT}.
 */
final class CommandFailure extends LiverecException {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
