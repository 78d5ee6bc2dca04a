package dev.liverec.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DownstreamModule} after javac: its errors (empty when it compiled), and a way to run it
 * as a module with {@code java --module-path ... -m}.
 */
public final class Compiled {
  private static final long RUN_TIMEOUT_SECONDS = 60;

  private final String module;
  private final Path classes;
  private final List<Path> modulePath;
  private final String errors;

  Compiled(String module, Path classes, List<Path> modulePath, String errors) {
    this.module = module;
    this.classes = classes;
    this.modulePath = List.copyOf(modulePath);
    this.errors = errors;
  }

  /** javac's messages when it failed; empty when the module compiled. */
  public String errors() {
    return errors;
  }

  /** The module path it was compiled against (without itself). */
  public List<Path> modulePath() {
    return modulePath;
  }

  /**
   * Runs {@code mainClass} of the compiled module in a new JVM, on the module path only (no class
   * path), and returns what it printed.
   *
   * @throws IllegalStateException when it did not compile, exited with an error or ran over a
   *     minute
   */
  public String run(String mainClass) {
    if (!errors.isEmpty()) {
      throw new IllegalStateException("module " + module + " did not compile: " + errors);
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--module-path",
        classes + File.pathSeparator + String.join(File.pathSeparator,
            modulePath.stream().map(Path::toString).toList()),
        "-m", module + "/" + mainClass));
    Path log = classes.resolveSibling(module + ".out");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        throw new IllegalStateException(module + " ran over " + RUN_TIMEOUT_SECONDS + " s");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n"
            + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + module + " ran", e);
    }
  }
}
