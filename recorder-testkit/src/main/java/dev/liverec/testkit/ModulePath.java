package dev.liverec.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The modules this JVM was started with (its class path and module path, as a test runner sets
 * them), by module name: the module path a downstream module needs is the closure of what it
 * requires, so unrelated jars (and their clashing automatic-module names) stay out of it.
 */
final class ModulePath {
  private final Map<String, Path> modules;

  private ModulePath(Map<String, Path> modules) {
    this.modules = modules;
  }

  /**
   * Every entry of {@code java.class.path} and {@code jdk.module.path} that is a module with a
   * stable name (a module-info.class or an Automatic-Module-Name), read once per JVM.
   */
  static ModulePath ofThisJvm() {
    return OfThisJvm.INSTANCE;
  }

  private static final class OfThisJvm {
    static final ModulePath INSTANCE = scan();

    private static ModulePath scan() {
      Map<String, Path> found = new LinkedHashMap<>();
      Stream.of("jdk.module.path", "java.class.path")
          .map(System::getProperty)
          .filter(value -> value != null && !value.isEmpty())
          .flatMap(value -> Stream.of(value.split(File.pathSeparator)))
          .map(Path::of)
          .forEach(entry -> nameOf(entry).ifPresent(name -> found.putIfAbsent(name, entry)));
      return new ModulePath(found);
    }
  }

  /**
   * The entries holding {@code roots} and everything they require, transitively ({@code requires
   * static} ones too when present: javac reads their annotations). The JDK's own modules are left
   * out.
   *
   * @throws IllegalStateException when a required module is not on this JVM's paths
   */
  List<Path> closureOf(Collection<String> roots) {
    ModuleFinder system = ModuleFinder.ofSystem();
    Set<String> seen = new LinkedHashSet<>();
    Set<Path> entries = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!seen.add(name) || system.find(name).isPresent()) {
        continue;
      }
      Path entry = modules.get(name);
      if (entry == null) {
        throw new IllegalStateException("module " + name + " is not on this JVM's class path or"
            + " module path; known: " + modules.keySet());
      }
      entries.add(entry);
      for (ModuleDescriptor.Requires requires : describe(entry).requires()) {
        if (!requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
            || modules.containsKey(requires.name())) {
          pending.push(requires.name());
        }
      }
    }
    return List.copyOf(entries);
  }

  /**
   * The module name of a jar or directory, read from its module-info.class or its manifest's
   * Automatic-Module-Name without scanning its packages (a test class path holds hundreds of
   * jars); empty for anything else, including jars whose module name only their file name gives.
   */
  private static Optional<String> nameOf(Path entry) {
    try {
      if (Files.isDirectory(entry)) {
        Path descriptor = entry.resolve("module-info.class");
        if (!Files.exists(descriptor)) {
          return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(descriptor)) {
          return Optional.of(ModuleDescriptor.read(in).name());
        }
      }
      if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
        return Optional.empty();
      }
      try (JarFile jar = new JarFile(entry.toFile(), false, ZipFile.OPEN_READ,
          Runtime.version())) {
        JarEntry descriptor = jar.getJarEntry("module-info.class");
        if (descriptor != null) {
          try (InputStream in = jar.getInputStream(descriptor)) {
            return Optional.of(ModuleDescriptor.read(in).name());
          }
        }
        Manifest manifest = jar.getManifest();
        return Optional.ofNullable(manifest == null ? null
            : manifest.getMainAttributes().getValue("Automatic-Module-Name"));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();  // unreadable: not a module this helper can offer
    }
  }

  /** The full descriptor of an entry {@link #nameOf} named (an automatic module's: derived). */
  private static ModuleDescriptor describe(Path entry) {
    return ModuleFinder.of(entry).findAll().iterator().next().descriptor();
  }
}
