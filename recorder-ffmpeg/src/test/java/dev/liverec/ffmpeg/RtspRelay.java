package dev.liverec.ffmpeg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real RTSP server for pull tests: Debian's {@code rtsp-server-perl} (RTSP::Server), which
 * takes a stream announced by a publisher on one port and serves it to players on another, as a
 * camera or a media server would. Started on free ports of 127.0.0.1 and stopped on close.
 */
final class RtspRelay implements AutoCloseable {
  private static final Path COMMAND = Path.of("/usr/bin/rtsp-server-perl");

  private final Process process;
  private final Path log;
  private final int publishPort;
  private final int playPort;

  private RtspRelay(Process process, Path log, int publishPort, int playPort) {
    this.process = process;
    this.log = log;
    this.publishPort = publishPort;
    this.playPort = playPort;
  }

  /** Skips the calling test, with the reason, when the server is not installed. */
  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(COMMAND), "Debian's rtsp-server-perl is not installed "
        + "(apt-get install rtsp-server-perl; .ci/run installs it)");
  }

  /** Starts the server and waits until both its ports listen. */
  static RtspRelay start(Path dir) {
    int publishPort = FfmpegProcess.freeTcpPort();
    int playPort = FfmpegProcess.freeTcpPort();
    // RTP/RTCP pairs for the streams it relays are taken upwards from here.
    int rtpPorts = FfmpegProcess.freeUdpPort() & ~1;
    Path log = dir.resolve("rtsp-server.log");
    try {
      Process process = new ProcessBuilder(List.of(COMMAND.toString(),
          "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1",
          "--clientport", Integer.toString(playPort), "--serverport", Integer.toString(publishPort),
          "--rtp_start_port", Integer.toString(rtpPorts), "--loglevel", "3"))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      RtspRelay relay = new RtspRelay(process, log, publishPort, playPort);
      try {
        FfmpegProcess.awaitBound(publishPort, false, Duration.ofSeconds(30));
        FfmpegProcess.awaitBound(playPort, false, Duration.ofSeconds(30));
      } catch (AssertionError e) {
        relay.close();
        throw new AssertionError(e.getMessage() + ": " + relay.log(), e);
      }
      return relay;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a publisher announces {@code path}. */
  String publishUrl(String path) {
    return "rtsp://127.0.0.1:" + publishPort + "/" + path;
  }

  /** Where a player pulls {@code path}. */
  String playUrl(String path) {
    return "rtsp://127.0.0.1:" + playPort + "/" + path;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    FfmpegProcess.stop(process);
  }
}
