package dev.liverec.testkit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A small module as a downstream project would write it, compiled (and run) against a library's
 * module descriptor: it proves from the outside what the descriptor exports, hides and provides.
 * The module path is built from the modules this JVM was started with, so a test in any liverec
 * module can check that module's descriptor without naming jars.
 *
 * <pre>{@code
 * DownstreamModule.named("downstream")
 *     .requires("dev.liverec.api")
 *     .importing("dev.liverec.engine.Pipeline")
 *     .compile(tempDir)
 *     .errors();   // "package dev.liverec.engine is not visible ..."
 * }</pre>
 *
 * <p>Immutable: every method returns a new description.
 */
public final class DownstreamModule {
  private final String name;
  private final Set<String> requires;
  private final Set<String> uses;
  private final Set<String> alsoOnPath;
  private final Map<String, String> sources;

  private DownstreamModule(String name, Set<String> requires, Set<String> uses,
      Set<String> alsoOnPath, Map<String, String> sources) {
    this.name = name;
    this.requires = requires;
    this.uses = uses;
    this.alsoOnPath = alsoOnPath;
    this.sources = sources;
  }

  /** An empty module called {@code name}. */
  public static DownstreamModule named(String name) {
    return new DownstreamModule(name, Set.of(), Set.of(), Set.of(), Map.of());
  }

  /** Adds {@code requires module;} to the descriptor (and the module to the module path). */
  public DownstreamModule requires(String module) {
    return new DownstreamModule(name, plus(requires, module), uses, alsoOnPath, sources);
  }

  /** Adds {@code uses service;} to the descriptor: the module looks the service up itself. */
  public DownstreamModule uses(String service) {
    return new DownstreamModule(name, requires, plus(uses, service), alsoOnPath, sources);
  }

  /**
   * Puts {@code module} (and what it requires) on the module path without requiring it: a
   * provider that only service binding brings in, as a host app meets it.
   */
  public DownstreamModule withModuleOnPath(String module) {
    return new DownstreamModule(name, requires, uses, plus(alsoOnPath, module), sources);
  }

  /** Adds the class {@code className} (e.g. {@code app.Main}) with its whole source text. */
  public DownstreamModule source(String className, String code) {
    Map<String, String> more = new LinkedHashMap<>(sources);
    more.put(className, code);
    return new DownstreamModule(name, requires, uses, alsoOnPath,
        Collections.unmodifiableMap(more));
  }

  /**
   * Adds a class {@code app.Imports} that imports each of {@code types} (fully qualified names):
   * it compiles only when the module can read every one of them.
   */
  public DownstreamModule importing(String... types) {
    StringBuilder code = new StringBuilder("package app;\n");
    for (String type : types) {
      code.append("import ").append(type).append(";\n");
    }
    return source("app.Imports", code.append("public class Imports {}\n").toString());
  }

  /** The module-info.java this description compiles. */
  public String descriptor() {
    StringBuilder text = new StringBuilder("module ").append(name).append(" {\n");
    requires.forEach(module -> text.append("  requires ").append(module).append(";\n"));
    uses.forEach(service -> text.append("  uses ").append(service).append(";\n"));
    return text.append("}\n").toString();
  }

  /**
   * Compiles the module with this JDK's javac into {@code workDir}. A compilation that fails is a
   * result, not an exception: its {@link Compiled#errors()} say why.
   */
  public Compiled compile(Path workDir) {
    Set<String> roots = new LinkedHashSet<>(requires);
    roots.addAll(alsoOnPath);
    List<Path> modulePath = ModulePath.ofThisJvm().closureOf(roots);
    Path src = workDir.resolve("src").resolve(name);
    Path classes = workDir.resolve("classes").resolve(name);
    List<String> args = new ArrayList<>(List.of("--module-path", join(modulePath),
        "-d", classes.toString(), write(src.resolve("module-info.java"), descriptor())));
    sources.forEach((className, code) -> args.add(
        write(src.resolve(className.replace('.', '/') + ".java"), code)));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("this Java runtime has no javac (jdk.compiler): run the"
          + " tests on a JDK");
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    int status = javac.run(null, messages, messages, args.toArray(String[]::new));
    return new Compiled(name, classes, modulePath,
        status == 0 ? "" : messages.toString(StandardCharsets.UTF_8));
  }

  private static Set<String> plus(Set<String> set, String element) {
    Set<String> more = new LinkedHashSet<>(set);
    more.add(element);
    return Collections.unmodifiableSet(more);
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static String write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
