package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.FrameSourceProvider;
import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.VideoReport.FrameSize;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FfmpegFrameSource} on inputs that are not pushed to it: a file and a finished HLS stream
 * (read whole, as non-live sources), addresses that are wrong or unreachable, and closing while it
 * waits.
 */
@Timeout(240)
class FfmpegFrameSourceTest {
  @TempDir Path dir;

  /**
   * Given an MP4 file of exactly 60 frames, when it is recorded through the provider the
   * ServiceLoader finds for its path, then the source is not live, the recording ends by itself
   * at the end of the file, and every one of the 60 frames is in it.
   */
  @Test
  void aFileIsReadWholeAsANonLiveSource() {
    FfmpegProcess.assumeInstalled();
    Path input = FfmpegProcess.writeFile(dir, "input", 320, 240, 60);
    Path out = dir.resolve("file.mp4");
    FrameSource source = FrameSourceProvider.openAddress(input.toString());
    assertThat(source).isInstanceOf(FfmpegFrameSource.class);
    assertThat(source.isLive()).isFalse();
    RecordingResult result;
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).frameRate(30).preset("ultrafast").build(), source)) {
      session.start();
      result = session.awaitResult(Duration.ofSeconds(120)).orElseThrow();
    }

    assertThat(result.state()).as("%s", result).isEqualTo(RecordingState.STOPPED);
    ProbeReport in = MediaProbe.probe(input);
    ProbeReport probe = MediaProbe.probe(out);
    assertThat(in.videoFrameCount()).isEqualTo(60);
    assertThat(probe.videoFrameCount()).as(probe.summary()).isEqualTo(60);
    assertThat(probe.video().frameSizes()).containsExactly(new FrameSize(320, 240));
    assertThat(probe.durationSeconds()).as(probe.summary()).isCloseTo(2.0, within(0.15));
    assertThat(result.stats().framesDroppedBackpressure()).isZero();
  }

  /**
   * Given a finished HLS stream of 60 frames (one-second segments) served over HTTP, when it is
   * pulled as a non-live source, then every frame is in the recording.
   */
  @Test
  void aFinishedHlsStreamIsPulledOverHttpWhole() throws Exception {
    FfmpegProcess.assumeInstalled();
    Path hls = Files.createDirectories(dir.resolve("hls"));
    FfmpegProcess.run(dir, "make-hls", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-frames:v", "60", "-t", "2",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
        hls.resolve("index.m3u8").toString());
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/", exchange -> {
      Path file = hls.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      boolean found = file.startsWith(hls) && Files.isRegularFile(file);
      byte[] body = found ? Files.readAllBytes(file) : new byte[0];
      exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    RecordingResult result;
    Path out = dir.resolve("hls.mp4");
    try {
      FrameSource source = FfmpegFrameSource.builder("http://127.0.0.1:"
          + server.getAddress().getPort() + "/index.m3u8").live(false).build();
      try (RecordingSession session = RecordingSession.create(
          RecorderConfig.builder(out).frameRate(30).preset("ultrafast").build(), source)) {
        session.start();
        result = session.awaitResult(Duration.ofSeconds(120)).orElseThrow();
      }
    } finally {
      server.stop(0);
    }

    assertThat(result.state()).as("%s", result).isEqualTo(RecordingState.STOPPED);
    ProbeReport probe = MediaProbe.probe(out);
    assertThat(probe.videoFrameCount()).as(probe.summary()).isEqualTo(60);
    assertThat(probe.video().frameSizes()).containsExactly(new FrameSize(320, 240));
  }

  @Test
  void badAddressesAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> FfmpegFrameSource.builder("nosuchproto://host/x"))
        .isInstanceOf(SourceAddressException.class).hasMessageContaining("protocol");
    assertThatThrownBy(() -> FfmpegFrameSource.builder(dir.resolve("missing.mp4").toString()))
        .isInstanceOf(SourceAddressException.class).hasMessageContaining("no such file");
  }

  /**
   * Given an RTMP server that is not there, when a recording pulls from it, then the recording
   * fails once the connect timeout has passed, saying what to check.
   */
  @Test
  void anUnreachableServerFailsTheRecordingWithWhatToCheck() {
    int port = FfmpegProcess.freeTcpPort();
    FrameSource source = FfmpegFrameSource.builder("rtmp://127.0.0.1:" + port + "/live/key")
        .connectTimeout(Duration.ofSeconds(1)).build();
    RecordingResult result = recordUntilEnd(source);
    assertThat(result.state()).isEqualTo(RecordingState.FAILED);
    assertThat(result.failureReason()).contains("could not open rtmp://127.0.0.1:" + port
        + "/live/***").contains("check that the server runs").doesNotContain("key");
  }

  /**
   * Given a port another program listens on, when a recording listens there, then it fails at
   * once saying the port is taken; given a free port and nobody publishing, it fails after the
   * connect timeout saying where to point the publisher.
   */
  @Test
  void aListenerThatCannotListenOrHearsNobodyFailsTheRecordingWithWhatToDo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      RecordingResult busy = recordUntilEnd(FfmpegFrameSource.builder("rtmp://127.0.0.1:"
          + taken.getLocalPort() + "/live/key?listen").build());
      assertThat(busy.state()).isEqualTo(RecordingState.FAILED);
      assertThat(busy.failureReason()).contains("cannot listen on").contains("port free");
    }
    RecordingResult idle = recordUntilEnd(FfmpegFrameSource.builder("rtmp://127.0.0.1:"
        + FfmpegProcess.freeTcpPort() + "/live/key?listen").connectTimeout(Duration.ofSeconds(1))
        .build());
    assertThat(idle.state()).isEqualTo(RecordingState.FAILED);
    assertThat(idle.failureReason()).contains("nobody published to").contains("point OBS");
  }

  private RecordingResult recordUntilEnd(FrameSource source) {
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(dir.resolve("never.mp4")).build(), source)) {
      session.start();
      return session.awaitResult(Duration.ofSeconds(60)).orElseThrow();
    }
  }

  /**
   * Given a source listening with nobody publishing, when the recording is closed, then close
   * returns: the blocking accept is interrupted.
   */
  @Test
  @Timeout(60)
  void closingWhileListeningForAPublisherReturns() {
    int port = FfmpegProcess.freeTcpPort();
    FfmpegFrameSource source = FfmpegFrameSource.builder("rtmp://127.0.0.1:" + port
        + "/live/key?listen").build();
    assertThat(source.describe()).isEqualTo("rtmp://127.0.0.1:" + port + "/live/*** (listening)");
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(dir.resolve("idle.mp4")).build(), source)) {
      session.start();
      FfmpegProcess.awaitBound(port, false, Duration.ofSeconds(30));
    }
    source.close();
  }
}
