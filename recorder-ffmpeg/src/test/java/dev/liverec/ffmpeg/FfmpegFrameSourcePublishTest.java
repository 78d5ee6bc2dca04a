package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avformat.avio_find_protocol_name;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStats;
import dev.liverec.spi.FrameSource;
import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.VideoReport.FrameSize;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live streams from Debian's {@code ffmpeg} command: published the way OBS would (RTMP, SRT,
 * RTSP) into a listening {@link FfmpegFrameSource}, or served (RTMP by ffmpeg, RTSP by a real
 * RTSP server ffmpeg publishes to) for the source to pull. Each
 * recording is then decoded by FFmpeg to check what it really holds.
 */
@Timeout(240)
class FfmpegFrameSourcePublishTest {
  private static final double PUSH_SECONDS = 3;
  private static final Duration PAUSE = Duration.ofSeconds(5);
  /** Long enough that joining a running stream (up to about a second) leaves most of it. */
  private static final double RTSP_SECONDS = 6;

  @TempDir Path dir;

  @Test
  void anRtmpPublisherThatLeavesAndComesBackAt480pMakesOneRecordingWithTheGap() {
    FfmpegProcess.assumeInstalled();
    int port = FfmpegProcess.freeTcpPort();
    String url = "rtmp://127.0.0.1:" + port + "/live/test";
    comeback(url + "?listen", port, false, "flv", url);
  }

  @Test
  void anSrtPublisherThatLeavesAndComesBackAt480pMakesOneRecordingWithTheGap() {
    FfmpegProcess.assumeInstalled();
    FfmpegProcess.assumeProtocol("srt");
    Ffmpeg.init();
    assumeTrue(avio_find_protocol_name("srt://127.0.0.1:1") != null,
        "the bytedeco FFmpeg build has no libsrt");
    int port = FfmpegProcess.freeUdpPort();
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
      FfmpegProcess.awaitBound(port, udp, Duration.ofSeconds(30));
      publish(watch, "first", 1280, 720, container, publishUrl);
      watch.during(PAUSE);
      FfmpegProcess.awaitBound(port, udp, Duration.ofSeconds(30));
      publish(watch, "second", 854, 480, container, publishUrl);
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

  /** Starts a publisher and watches until its frames are all in. */
  private void publish(FrameWatch watch, String name, int width, int height, String container,
      String url, String... extra) {
    publish(watch, name, width, height, PUSH_SECONDS, container, url, extra);
  }

  private void publish(FrameWatch watch, String name, int width, int height, double seconds,
      String container, String url, String... extra) {
    long before = watch.frames();
    try (FfmpegProcess publisher = FfmpegProcess.publish(dir, name, width, height, seconds,
        container, url, extra)) {
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
    FfmpegProcess.assumeInstalled();
    int port = FfmpegProcess.freeTcpPort();
    Path out = dir.resolve("rtsp.mp4");
    TimedSource source = listener("rtsp://127.0.0.1:" + port + "/cam?listen");
    RecordingResult result = recordLive(out, source, watch -> {
      FfmpegProcess.awaitBound(port, false, Duration.ofSeconds(30));
      publish(watch, "rtsp", 640, 360, "rtsp", "rtsp://127.0.0.1:" + port + "/cam");
    });

    assertRecordedOnce(result, out, source);
  }

  /**
   * Given ffmpeg serving a 640x360 stream over RTMP ({@code -listen 1}: it waits for one player),
   * when a source pulls it, retrying until the server is up, then the MP4 holds its three
   * seconds at that size.
   */
  @Test
  void anRtmpStreamPulledFromAServerIsRecorded() {
    FfmpegProcess.assumeInstalled();
    String url = "rtmp://127.0.0.1:" + FfmpegProcess.freeTcpPort() + "/live/served";
    Path out = dir.resolve("pulled.mp4");
    TimedSource source = new TimedSource(FfmpegFrameSource.builder(url)
        .connectTimeout(Duration.ofSeconds(60)).maxBackoff(Duration.ofMillis(200)).build());
    RecordingResult result = recordLive(out, source,
        watch -> publish(watch, "server", 640, 360, "flv", url, "-listen", "1"));

    assertRecordedOnce(result, out, source);
  }

  /**
   * Given a real RTSP server (Debian's rtsp-server-perl) to which ffmpeg publishes a 640x360
   * stream, as a camera serves one, when a source pulls it (asking again until the stream is
   * announced), then the MP4 holds the stream's six seconds less at most the joining (1.5 s), at
   * that size, every frame from the join on, without a gap. (The server sends RTP over UDP only; FFmpeg's RTSP reader holds UDP
   * packets back to reorder them, so the last frames reach the source late and the wall time from
   * the first connection is no measure here: the stream's own three seconds are.)
   */
  @Test
  void anRtspStreamPulledFromAServerIsRecorded() {
    FfmpegProcess.assumeInstalled();
    RtspRelay.assumeInstalled();
    try (RtspRelay relay = RtspRelay.start(dir)) {
      Path out = dir.resolve("rtsp-pulled.mp4");
      TimedSource source = new TimedSource(FfmpegFrameSource.builder(relay.playUrl("cam"))
          .connectTimeout(Duration.ofSeconds(60)).readTimeout(Duration.ofSeconds(2))
          .maxBackoff(Duration.ofMillis(200)).build());
      RecordingResult result = recordLive(out, source,
          // A keyframe every third of a second: a player joining a running stream waits for one.
          watch -> publish(watch, "rtsp-publisher", 640, 360, RTSP_SECONDS, "rtsp",
              relay.publishUrl("cam"), "-g", "10"));

      assertThat(result.state()).as("%s", result).isEqualTo(RecordingState.STOPPED);
      ProbeReport probe = MediaProbe.probe(out);
      System.out.printf("rtsp pull: recorded %.2f s, %d frames, largest gap %.3f s%n",
          probe.durationSeconds(), probe.videoFrameCount(),
          probe.timestamps().largestVideoGapSeconds());
      assertThat(probe.video().frameSizes()).as(probe.summary())
          .containsExactly(new FrameSize(640, 360));
      // It joins once the stream is announced (asking every 200 ms), at the next keyframe.
      assertThat(probe.durationSeconds()).as("joined a running stream: %s", probe.summary())
          .isBetween(RTSP_SECONDS - 1.5, RTSP_SECONDS + 0.5);
      assertThat(probe.timestamps().largestVideoGapSeconds()).as(probe.summary())
          .isLessThan(0.2);
      assertThat((double) probe.videoFrameCount()).as("every frame from the join on: %s",
          probe.summary()).isGreaterThanOrEqualTo(probe.durationSeconds() * 30 * 0.9);
      assertThat(probe.audioStream()).as(probe.summary()).isPresent();
    }
  }

  /** One stream of {@value #PUSH_SECONDS} s at 640x360, recorded as long as it lasted. */
  private static void assertRecordedOnce(RecordingResult result, Path out, TimedSource source) {
    assertThat(result.state()).as("%s", result).isEqualTo(RecordingState.STOPPED);
    ProbeReport probe = MediaProbe.probe(out);
    assertThat(probe.video().frameSizes()).as(probe.summary())
        .containsExactly(new FrameSize(640, 360));
    assertThat(probe.durationSeconds()).as(probe.summary())
        .isCloseTo(source.wallSeconds(), within(1.0))
        .isCloseTo(PUSH_SECONDS, within(1.0));
    assertThat(probe.audioStream()).as(probe.summary()).isPresent();
  }
}
