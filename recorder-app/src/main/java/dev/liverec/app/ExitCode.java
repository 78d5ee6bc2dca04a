package dev.liverec.app;

/** The exit codes of every liverec command, as the README lists them. */
final class ExitCode {
  /** Done; for {@code record}, the recording completed. */
  static final int OK = 0;
  /** The work ran and failed: a recording ended FAILED, an experiment missed its expectation. */
  static final int FAILED = 1;
  /** The command line is wrong: an unknown or missing option, a value out of its bounds. */
  static final int USAGE = 2;
  /** The machine refused: output folder not writable, port in use, encoder missing. */
  static final int ENVIRONMENT = 3;
  /** A bug in liverec: the one line says so; {@code --verbose} shows the trace. */
  static final int INTERNAL = 70;

  private ExitCode() {}
}
