package dev.liverec.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Chromium, headless, opening one page and then closed with every process it started.
 * Started with the flags this machine needs: no sandbox (tests run as root), no GPU, and no
 * background networking (the machine has no way out and Chromium would keep trying). Media plays
 * without a user gesture. {@link #openWithDevTools} also listens for the DevTools protocol on a
 * free loopback port, for a test that drives the page.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Process process;
  private final int devToolsPort;

  private HeadlessChromium(Process process, int devToolsPort) {
    this.process = process;
    this.devToolsPort = devToolsPort;
  }

  /** True when Debian's {@code chromium} is installed. */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Opens {@code url}; {@code profile} is a fresh folder, its log goes next to it. */
  public static HeadlessChromium open(String url, Path profile) throws IOException {
    return new HeadlessChromium(start(url, profile, List.of()), 0);
  }

  /**
   * Opens {@code url} with the DevTools protocol on a free 127.0.0.1 port
   * ({@link #devToolsPort()}), and waits until Chromium has written that port down.
   */
  public static HeadlessChromium openWithDevTools(String url, Path profile)
      throws IOException, InterruptedException {
    Process p = start(url, profile, List.of("--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0"));
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("chromium exited with " + p.exitValue() + "; see "
            + log(profile));
      }
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return new HeadlessChromium(p, Integer.parseInt(lines.get(0).strip()));
        }
      }
      Thread.sleep(100);
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    throw new IOException("chromium did not open its DevTools port within 60 s; see "
        + log(profile));
  }

  private static Process start(String url, Path profile, List<String> extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless=new",
        "--no-sandbox", "--disable-gpu", "--mute-audio", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile));
    command.addAll(extra);
    command.add(url);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log(profile).toFile()).start();
  }

  private static Path log(Path profile) {
    return profile.resolveSibling(profile.getFileName() + ".log");
  }

  /** The DevTools port on 127.0.0.1; 0 when opened without it. */
  public int devToolsPort() {
    return devToolsPort;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
