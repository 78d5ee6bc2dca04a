package com.example.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given this build depends on liverec's FFmpeg and LiveKit artifacts without naming a platform,
 * when Maven resolves it with bytedeco's {@code javacpp.platform} properties, then it gets the
 * natives of exactly the platforms asked for. Maven itself answers ({@code dependency:collect}
 * on this POM: the dependency graph, without downloading the jars). The eight Maven runs start
 * together before the tests, a few at a time, and each test reads its answer.
 */
class PlatformNativesTest {
  private static final List<List<String>> ASKED = List.of(
      List.of(),
      List.of("-Djavacpp.platform=linux-x86_64"),
      List.of("-Djavacpp.platform=linux-arm64"),
      List.of("-Djavacpp.platform=macosx-x86_64"),
      List.of("-Djavacpp.platform=macosx-arm64"),
      List.of("-Djavacpp.platform=windows-x86_64"),
      List.of("-Djavacpp.platform=custom", "-Djavacpp.platform.linux-arm64",
          "-Djavacpp.platform.windows-x86_64"),
      List.of("-Djavacpp.platform=all"));
  private static final Map<List<String>, Future<Set<String>>> ANSWERS = new ConcurrentHashMap<>();
  private static ExecutorService maven;
  private static final Pattern NATIVE = Pattern.compile(
      "(org\\.bytedeco:javacpp|org\\.bytedeco:ffmpeg|dev\\.onvoid\\.webrtc:webrtc-java)"
          + ":jar:([a-z0-9_-]+):[^:\\s]+:(compile|runtime)");

  @TempDir static Path dir;

  @BeforeAll
  static void askMavenForEveryPlatform() throws Exception {
    // The first run alone: it may download the dependency plugin into the local repository.
    ANSWERS.put(ASKED.get(0), CompletableFuture.completedFuture(
        collect(ASKED.get(0))));
    maven = Executors.newFixedThreadPool(3);
    for (List<String> asked : ASKED.subList(1, ASKED.size())) {
      ANSWERS.put(asked, maven.submit(() -> collect(asked)));
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (maven != null) {
      maven.shutdownNow();
      maven.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "-Djavacpp.platform={0}")
  @CsvSource({
      "linux-x86_64,   linux-x86_64,   linux-x86_64-gpl,   linux-x86_64",
      "linux-arm64,    linux-arm64,    linux-arm64-gpl,    linux-aarch64",
      "macosx-x86_64,  macosx-x86_64,  macosx-x86_64-gpl,  macos-x86_64",
      "macosx-arm64,   macosx-arm64,   macosx-arm64-gpl,   macos-aarch64",
      "windows-x86_64, windows-x86_64, windows-x86_64-gpl, windows-x86_64"})
  void onePlatformGetsItsOwnNativesAndNoOthers(
      String platform, String javacpp, String ffmpeg, String webrtc) throws Exception {
    Set<String> natives = resolvedNatives("-Djavacpp.platform=" + platform);

    assertThat(natives).containsExactlyInAnyOrder(
        "org.bytedeco:javacpp:" + javacpp,
        "org.bytedeco:ffmpeg:" + ffmpeg,
        "dev.onvoid.webrtc:webrtc-java:" + webrtc);
  }

  @Test
  void aListGetsExactlyTheListedPlatforms() throws Exception {
    Set<String> natives = resolvedNatives("-Djavacpp.platform=custom",
        "-Djavacpp.platform.linux-arm64", "-Djavacpp.platform.windows-x86_64");

    assertThat(natives).containsExactlyInAnyOrder(
        "org.bytedeco:javacpp:linux-arm64", "org.bytedeco:javacpp:windows-x86_64",
        "org.bytedeco:ffmpeg:linux-arm64-gpl", "org.bytedeco:ffmpeg:windows-x86_64-gpl",
        "dev.onvoid.webrtc:webrtc-java:linux-aarch64",
        "dev.onvoid.webrtc:webrtc-java:windows-x86_64");
  }

  @Test
  void allGetsEveryPlatform() throws Exception {
    assertThat(resolvedNatives("-Djavacpp.platform=all")).hasSize(15);
  }

  @Test
  void nothingAskedGetsThisMachinesNatives() throws Exception {
    String arch = System.getProperty("os.arch");
    String os = System.getProperty("os.name").toLowerCase();
    String javacpp = (os.contains("mac") ? "macosx" : os.contains("win") ? "windows" : "linux")
        + "-" + (arch.equals("aarch64") ? "arm64" : "x86_64");

    Set<String> natives = resolvedNatives();

    assertThat(natives).hasSize(3).contains(
        "org.bytedeco:javacpp:" + javacpp, "org.bytedeco:ffmpeg:" + javacpp + "-gpl");
  }

  /** What Maven answered for these properties (asked in {@link #askMavenForEveryPlatform}). */
  private static Set<String> resolvedNatives(String... properties) throws Exception {
    return ANSWERS.get(List.of(properties)).get(4, TimeUnit.MINUTES);
  }

  /** groupId:artifactId:classifier of every native jar Maven resolves for this POM. */
  private static Set<String> collect(List<String> properties) throws IOException,
      InterruptedException {
    Path listing = Files.createTempFile(dir, "collect", ".txt");
    List<String> command = new ArrayList<>(List.of(maven(), "-B", "-ntp", "-q",
        "-f", Path.of("pom.xml").toAbsolutePath().toString(),
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:collect", "-DoutputFile=" + listing, "-DoutputScope=true"));
    String repo = System.getProperty("maven.repo.local");
    if (repo != null) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    command.addAll(properties);
    Path log = Files.createTempFile(dir, "maven", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // A short-lived Maven: the JIT's first tier is enough and starts faster.
    builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    Process maven = builder.start();
    if (!maven.waitFor(3, TimeUnit.MINUTES)) {
      maven.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("mvn dependency:collect took over 3 minutes: "
          + Files.readString(log));
    }
    assertThat(maven.exitValue()).as("mvn %s:%n%s", command, Files.readString(log)).isZero();
    Set<String> natives = new TreeSet<>();
    Matcher m = NATIVE.matcher(Files.readString(listing));
    while (m.find()) {
      natives.add(m.group(1) + ":" + m.group(2));
    }
    return natives;
  }

  private static String maven() {
    String home = System.getProperty("maven.home");
    boolean windows = System.getProperty("os.name").toLowerCase().contains("win");
    String name = windows ? "mvn.cmd" : "mvn";
    return home != null && new File(home, "bin/" + name).isFile()
        ? new File(home, "bin/" + name).getPath() : name;
  }
}
