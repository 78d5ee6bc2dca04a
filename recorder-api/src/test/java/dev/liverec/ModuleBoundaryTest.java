package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor exports the API and hides the engine: a downstream module that uses
 * {@code dev.liverec} compiles, one that reaches into {@code dev.liverec.engine} does not.
 */
class ModuleBoundaryTest {
  @TempDir Path dir;

  /** Compiles a downstream module with this JDK's javac; returns javac's errors, or "". */
  private String compile(String importLine) throws IOException, InterruptedException {
    Path src = dir.resolve("src/downstream");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"),
        "module downstream { requires dev.liverec.api; }");
    Files.writeString(src.resolve("app/Uses.java"),
        "package app;\n" + importLine + "\npublic class Uses {}\n");
    String modulePath = String.join(java.io.File.pathSeparator, Path.of("target/classes")
        .toAbsolutePath().toString(), jarOf(org.slf4j.Logger.class), jarOf(
            org.jspecify.annotations.NullMarked.class));
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    Process process = new ProcessBuilder(List.of(javac.toString(), "--module-path", modulePath,
        "-d", dir.resolve("out").toString(), src.resolve("module-info.java").toString(),
        src.resolve("app/Uses.java").toString())).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("javac finished").isTrue();
    return process.exitValue() == 0 ? "" : output;
  }

  private static String jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDownstreamModuleSeesTheApiSpiAndFrames() throws Exception {
    assertThat(compile("import dev.liverec.RecordingSession; import dev.liverec.spi.FrameSource;"
        + " import dev.liverec.frame.VideoFrame;")).isEmpty();
  }

  @Test
  void theEngineIsNotReadableFromAnotherModule() throws Exception {
    assertThat(compile("import dev.liverec.engine.Pipeline;"))
        .contains("package dev.liverec.engine is not visible");
  }
}
