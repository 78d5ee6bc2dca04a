package dev.liverec.app;

import dev.liverec.app.server.RecordingServer;
import dev.liverec.cluster.Worker;
import picocli.CommandLine;

/**
 * Long-running commands ({@code serve}, {@code worker}) in the test's JVM: the command line is
 * parsed by the app's own {@link CommandLine} and the command builds what it would run, which the
 * test closes instead of sending SIGTERM (the shutdown hook calls the same {@code close()}).
 */
public final class InProcessCommands {
  private InProcessCommands() {}

  /** {@code liverec serve <args>}, serving until closed. */
  public static RecordingServer serve(String... args) throws Exception {
    return command(ServeCommand.class, "serve", args).open();
  }

  /** {@code liverec worker <args>}, in the fleet until closed (closing drains it). */
  public static Worker worker(String... args) {
    return command(WorkerCommand.class, "worker", args).open();
  }

  private static <T> T command(Class<T> type, String name, String... args) {
    String[] line = new String[args.length + 1];
    line[0] = name;
    System.arraycopy(args, 0, line, 1, args.length);
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(line);
    return type.cast(parsed.subcommand().commandSpec().userObject());
  }
}
