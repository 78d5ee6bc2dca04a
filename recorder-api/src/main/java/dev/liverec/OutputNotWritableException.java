package dev.liverec;

import java.nio.file.Path;

/** The output file cannot be created: its folder is missing or read-only, or the file exists. */
public final class OutputNotWritableException extends LiverecException {
  private static final long serialVersionUID = 1L;
  private final transient Path output;

  public OutputNotWritableException(Path output, String why) {
    super("cannot record to " + output + ": " + why);
    this.output = output;
  }

  public Path output() {
    return output;
  }
}
