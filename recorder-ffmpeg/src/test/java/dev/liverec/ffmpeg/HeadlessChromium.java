package dev.liverec.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium, headless, opening one page and then closed with every process it started.
 * Started with the flags this machine needs: no sandbox (tests run as root), no GPU, and no
 * background networking (the machine has no way out and Chromium would keep trying).
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Process process;

  private HeadlessChromium(Process process) {
    this.process = process;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  static HeadlessChromium open(String url, Path profile) throws IOException {
    List<String> command = List.of(BINARY.toString(), "--headless=new", "--no-sandbox",
        "--disable-gpu", "--mute-audio", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile, url);
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
    return new HeadlessChromium(p);
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
