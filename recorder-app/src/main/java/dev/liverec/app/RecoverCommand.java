package dev.liverec.app;

import dev.liverec.LiverecException;
import dev.liverec.RecordingRecovery;
import dev.liverec.RecoveryResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverec recover}: turns a file a crashed recorder left behind into a normal MP4. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = "Repair the fragmented MP4 a killed recorder left behind into a normal MP4 "
        + "(no re-encoding; the damaged file is only read).")
final class RecoverCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The file the crashed recording left.")
  Path damaged;

  @Option(names = "--output", description = "Where to write the repaired file "
      + "(default: NAME.recovered.mp4 beside the input).")
  Path output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path target = output != null ? output : defaultOutput(damaged);
    try {
      RecoveryResult result = RecordingRecovery.recover(damaged, target);
      out.printf(Locale.ROOT, "recovered %s: %.2f s of media, %d packets%s%n", result.output(),
          result.mediaDuration().toMillis() / 1000.0, result.packets(),
          result.truncated() ? " (the cut-off last fragment was dropped)" : "");
      return 0;
    } catch (LiverecException e) {
      spec.commandLine().getErr().println("cannot recover " + damaged + ": " + e.getMessage());
      return 1;
    }
  }

  private static Path defaultOutput(Path damaged) {
    String name = damaged.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return damaged.resolveSibling(base + ".recovered.mp4");
  }
}
