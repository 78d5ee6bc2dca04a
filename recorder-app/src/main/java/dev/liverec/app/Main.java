package dev.liverec.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code liverec.jar}. */
@Command(
    name = "liverec",
    mixinStandardHelpOptions = true,
    version = "liverec 0.1.0",
    description = "Records live streams into MP4 files that never stall and survive a crash.",
    subcommands = {RecordCommand.class, ServeCommand.class, ExperimentsCommand.class,
        RecoverCommand.class, LoopbackServerCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; used by tests. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.registerConverter(java.time.Duration.class, Durations::parse);
    cli.registerConverter(Size.class, Size::parse);
    return cli;
  }
}
