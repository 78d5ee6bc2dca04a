package dev.liverec.app;

import dev.liverec.cluster.ClusterException;
import dev.liverec.cluster.PartLauncher;
import dev.liverec.cluster.PartRecorder;
import dev.liverec.cluster.RecordingSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code worker --isolation process}: each part a child JVM of its own ({@code liverec
 * record-part}, {@link RecordPartCommand}) that ends with its part, so a native crash or a leak
 * in one recording stays in its process. The child is this JVM's java on this JVM's class path
 * (the jar, for {@code java -jar liverec.jar}), with flags that keep it small.
 */
final class ChildPartLauncher implements PartLauncher {
  /**
   * A child's JVM: a small heap (frames live in native memory; 720p30 needs well under this),
   * small thread stacks, the serial collector (no GC threads per core), C1 only (the hot loops
   * are FFmpeg's native code) and logs to stderr ({@link LogSetup}), which the worker logs with
   * a prefix.
   */
  static final List<String> CHILD_FLAGS = List.of("-Xms8m", "-Xmx96m", "-Xss512k",
      "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
      "-D" + LogSetup.STDERR_ONLY + "=true");

  /** Names a child's recording and part first on its command line, for {@code ps} and tests. */
  static final String PART_PROPERTY = "liverec.part";

  private final List<String> jvm;
  private final List<String> sourceArgs;
  private final Map<String, String> env;

  private ChildPartLauncher(List<String> jvm, List<String> sourceArgs, Map<String, String> env) {
    this.jvm = jvm;
    this.sourceArgs = sourceArgs;
    this.env = env;
  }

  /** Children that record with the worker's {@code sources}. */
  static ChildPartLauncher create(SourceOptions sources, Path bufferDir) {
    List<String> jvm = new ArrayList<>();
    jvm.add(javaExecutable());
    jvm.addAll(CHILD_FLAGS);
    if (Runtime.version().feature() >= 19) {
      // A class-data archive made by the first child and mapped by the next: faster start, and
      // its pages shared between children.
      jvm.add("-XX:+AutoCreateSharedArchive");
      jvm.add("-XX:SharedArchiveFile=" + bufferDir.toAbsolutePath().resolveSibling(
          bufferDir.getFileName() + "-children.jsa"));
    }
    jvm.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    return new ChildPartLauncher(List.copyOf(jvm), sources.childArgs(), sources.childEnvironment());
  }

  /** The java this JVM runs on. */
  static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  @Override
  public PartRecorder launch(RecordingSpec spec, int part, Path file) {
    List<String> command = new ArrayList<>(jvm);
    command.add(1, "-D" + PART_PROPERTY + "=" + spec.mintId() + "/" + part);
    command.addAll(List.of(RecordPartCommand.NAME, "--mint-id", spec.mintId(),
        "--size", spec.width() + "x" + spec.height(), "--fps", Integer.toString(spec.frameRate()),
        "--part", Integer.toString(part), "--output", file.toAbsolutePath().toString()));
    command.addAll(sourceArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    try {
      return ChildPartRecorder.start(builder.start(), spec.mintId() + " part " + part, file);
    } catch (IOException e) {
      throw new ClusterException("cannot start a recorder process (" + jvm.get(0) + "): "
          + e.getMessage() + "; check the java installation, or run the worker with "
          + "--isolation none", e);
    }
  }
}
