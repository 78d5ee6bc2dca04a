package dev.liverec.app;

import dev.liverec.LiverecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure of a command into one line on stderr, {@code liverec <command>: <what is
 * wrong and what to do>}, and an {@link ExitCode}; the stack trace only with {@code --verbose}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final BooleanSupplier verbose;

  ErrorReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    report(cmd, ex.getMessage() + " (see '" + name(cmd) + " --help')", ex);
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    if (ex instanceof ParameterException p) {
      return handleParseException(p, new String[0]);
    }
    int code;
    String message;
    if (ex instanceof LiverecException || ex instanceof IOException
        || ex instanceof UncheckedIOException) {
      code = ExitCode.ENVIRONMENT;
      message = String.valueOf(ex.getMessage());
    } else {
      code = ExitCode.INTERNAL;
      message = "internal error (" + ex.getClass().getSimpleName() + ": " + ex.getMessage()
          + "); run again with --verbose and report the trace";
    }
    report(cmd, message, ex);
    return code;
  }

  private void report(CommandLine cmd, String message, Throwable ex) {
    PrintWriter err = cmd.getErr();
    err.println(name(cmd) + ": " + oneLine(message));
    if (verbose.getAsBoolean()) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  private static String name(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
