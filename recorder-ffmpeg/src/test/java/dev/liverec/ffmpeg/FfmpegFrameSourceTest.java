package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avformat.avio_find_protocol_name;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStats;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.FrameSourceProvider;
import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.VideoReport.FrameSize;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams that Debian's {@code ffmpeg} command publishes the way OBS would (RTMP, SRT, RTSP) and
 * a file it wrote, recorded through {@link FfmpegFrameSource}; each recording is then decoded by
 * FFmpeg to check what it really holds.
 */
@Timeout(240)
class FfmpegFrameSourceTest {
  private static final double PUSH_SECONDS = 3;
  private static final Duration PAUSE = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void anRtmpPublisherThatLeavesAndComesBackAt480pMakesOneRecordingWithTheGap() {
    FfmpegCli.assumeInstalled();
    int port = FfmpegCli.freeTcpPort();
    String url = "rtmp://127.0.0.1:" + port + "/live/test";
    comeback(url + "?listen", port, false, "flv", url);
  }

  @Test
  void anSrtPublisherThatLeavesAndComesBackAt480pMakesOneRecordingWithTheGap() {
    FfmpegCli.assumeInstalled();
    FfmpegCli.assumeProtocol("srt");
    Ffmpeg.init();
    assumeTrue(avio_find_protocol_name("srt://127.0.0.1:1") != null,
        "the bytedeco FFmpeg build has no libsrt");
    int port = FfmpegCli.freeUdpPort();
    comeback("srt://127.0.0.1:" + port + "?listen", port, true, "mpegts",
        "srt://127.0.0.1:" + port + "?mode=caller");
  }

  /**
   * Given a source listening at {@code listenUrl}, when ffmpeg publishes 720p for three seconds,
   * stops for five, and publishes again over a new connection at 480p, then the recording is one
   * MP4 as long as the wall time from the first connection to the last frame, every picture at
   * 720p, with the pause in it as a gap that the stats report too.
   */
  private void comeback(String listenUrl, int port, boolean udp, String container,
      String publishUrl) {
    Path out = dir.resolve(container + ".mp4");
    TimedSource source = listener(listenUrl);
    RecordingResult result = recordLive(out, source, watch -> {
      publish(watch, port, udp, "first", 1280, 720, container, publishUrl);
      watch.during(PAUSE);
      publish(watch, port, udp, "second", 854, 480, container, publishUrl);
    });

    assertThat(result.state()).as("%s", result).isEqualTo(RecordingState.STOPPED);
    ProbeReport probe = MediaProbe.probe(out);
    System.out.printf("%s: recorded %.2f s, wall %.2f s from the first connection, gap %d ms, "
        + "%d frames%n", container, probe.durationSeconds(), source.wallSeconds(),
        result.stats().longestGapMs(), probe.videoFrameCount());
    assertThat(probe.video().frameSizes()).as(probe.summary())
        .containsExactly(new FrameSize(1280, 720));
    assertThat(probe.durationSeconds()).as(probe.summary())
        .isCloseTo(source.wallSeconds(), within(1.0));
    assertThat(probe.timestamps().largestVideoGapSeconds()).as(probe.summary())
        .isGreaterThan(PAUSE.toMillis() / 1000.0 - 1);
    assertThat(probe.videoFrameCount()).as(probe.summary())
        .isGreaterThan((long) (2 * PUSH_SECONDS * 30 * 0.6));
    assertThat(probe.audioStream()).as(probe.summary()).isPresent();
    RecordingStats stats = result.stats();
    assertThat(stats.gapsSeen()).isGreaterThanOrEqualTo(1);
    assertThat(stats.longestGapMs()).isGreaterThan(PAUSE.toMillis() - 1_000);
  }

  /** A listening source that counts a publisher gone after two silent seconds. */
  private static TimedSource listener(String url) {
    return new TimedSource(FfmpegFrameSource.builder(url).connectTimeout(Duration.ofSeconds(60))
        .readTimeout(Duration.ofSeconds(2)).build());
  }

  /** Records {@code source} into {@code out} while {@code script} publishes, then stops. */
  private static RecordingResult recordLive(Path out, FrameSource source,
      java.util.function.Consumer<FrameWatch> script) {
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).frameRate(30).preset("ultrafast").build(), source)) {
      session.start();
      script.accept(new FrameWatch(session));
      return session.stop();
    }
  }

  /** Starts a publisher once the source listens, and watches until its frames are all in. */
  private void publish(FrameWatch watch, int port, boolean udp, String name, int width,
      int height, String container, String url) {
    FfmpegCli.awaitBound(port, udp, Duration.ofSeconds(30));
    long before = watch.frames();
    try (FfmpegCli publisher = FfmpegCli.publish(dir, name, width, height, PUSH_SECONDS,
        container, url)) {
      watch.until(() -> !publisher.isAlive(), Duration.ofSeconds(60), name + " publisher's end");
      assertThat(publisher.awaitExit(Duration.ofSeconds(1))).as(publisher.log()).isZero();
      watch.until(() -> watch.frames() > before, Duration.ofSeconds(20),
          "frames from the " + name + " publisher");
      watch.untilQuiet(Duration.ofMillis(1500), Duration.ofSeconds(30));
    }
  }

  /**
   * Given a source listening for RTSP, when ffmpeg announces a 640x360 stream to it and records
   * three seconds over TCP, then the MP4 holds those three seconds at that size.
   */
  @Test
  void anRtspStreamPushedToTheListeningSourceIsRecorded() {
    FfmpegCli.assumeInstalled();
    int port = FfmpegCli.freeTcpPort();
    Path out = dir.resolve("rtsp.mp4");
    TimedSource source = listener("rtsp://127.0.0.1:" + port + "/cam?listen");
    RecordingResult result = recordLive(out, source, watch -> publish(watch, port, false,
        "rtsp", 640, 360, "rtsp", "rtsp://127.0.0.1:" + port + "/cam"));

    assertThat(result.state()).as("%s", result).isEqualTo(RecordingState.STOPPED);
    ProbeReport probe = MediaProbe.probe(out);
    assertThat(probe.video().frameSizes()).as(probe.summary())
        .containsExactly(new FrameSize(640, 360));
    assertThat(probe.durationSeconds()).as(probe.summary())
        .isCloseTo(source.wallSeconds(), within(1.0))
        .isCloseTo(PUSH_SECONDS, within(1.0));
    assertThat(probe.audioStream()).as(probe.summary()).isPresent();
  }

  /**
   * Given an MP4 file of exactly 60 frames, when it is recorded through the provider the
   * ServiceLoader finds for its path, then the source is not live, the recording ends by itself
   * at the end of the file, and every one of the 60 frames is in it.
   */
  @Test
  void aFileIsReadWholeAsANonLiveSource() {
    FfmpegCli.assumeInstalled();
    Path input = FfmpegCli.writeFile(dir, "input", 320, 240, 60);
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
    int port = FfmpegCli.freeTcpPort();
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
        + FfmpegCli.freeTcpPort() + "/live/key?listen").connectTimeout(Duration.ofSeconds(1))
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
    int port = FfmpegCli.freeTcpPort();
    FfmpegFrameSource source = FfmpegFrameSource.builder("rtmp://127.0.0.1:" + port
        + "/live/key?listen").build();
    assertThat(source.describe()).isEqualTo("rtmp://127.0.0.1:" + port + "/live/*** (listening)");
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(dir.resolve("idle.mp4")).build(), source)) {
      session.start();
      FfmpegCli.awaitBound(port, false, Duration.ofSeconds(30));
    }
    source.close();
  }
}
