package dev.liverec.app;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code liverec.jar}. */
@Command(
    name = "liverec",
    mixinStandardHelpOptions = true,
    version = "liverec 0.1.0",
    description = "Records live streams into MP4 files that never stall and survive a crash.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:the recording (or experiment) ran and failed",
        "2:the command line is wrong (one line says what and how to fix it)",
        "3:the machine refused: output not writable, port in use, encoder missing",
        "70:a bug in liverec (run again with --verbose for the trace)"},
    subcommands = {RecordCommand.class, ServeCommand.class, ExperimentsCommand.class,
        RecoverCommand.class, LoopbackServerCommand.class, WorkerCommand.class,
        RecordPartCommand.class})
public final class Main {
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On an error, print the Java stack trace too.")
  boolean verbose;

  public static void main(String[] args) {
    int code = run(args);
    StdoutAtExit.close(); // nothing native prints at exit may trail the command's output
    System.exit(code);
  }

  /** Runs a command line and returns its exit code; used by tests. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    cli.registerConverter(java.time.Duration.class, checked(Durations::parse));
    cli.registerConverter(Size.class, checked(Size::parse));
    ErrorReporter errors = new ErrorReporter(() -> main.verbose);
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    return cli;
  }

  /** A converter whose IllegalArgumentException becomes picocli's one-line message. */
  private static <T> CommandLine.ITypeConverter<T> checked(Function<String, T> parse) {
    return text -> {
      try {
        return parse.apply(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    };
  }
}
