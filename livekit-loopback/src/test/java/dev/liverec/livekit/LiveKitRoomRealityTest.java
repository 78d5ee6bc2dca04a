package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.livekit.LiveKitConnectException.Reason;
import dev.liverec.loopback.LoopbackLiveKitServer;
import dev.liverec.loopback.LoopbackOptions;
import dev.liverec.testkit.DiscardingSink;
import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What real LiveKit rooms do to a recording, played by the double: a stream that starts on a low
 * simulcast layer, publishers in other codecs, a publisher who never comes back, a server that
 * goes away for good, a server that does not answer at all.
 */
class LiveKitRoomRealityTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitRoomRealityTest.class);

  @TempDir Path dir;

  private static LoopbackOptions.Builder server() {
    return LoopbackLiveKitServer.builder().apiKey(LoopbackFixture.KEY, LoopbackFixture.SECRET)
        .room(LoopbackFixture.ROOM).autoCreateRooms(false);
  }

  /**
   * Given a 1280x720 camera that the SFU forwards at 320x180 for its first 3 s (its lowest
   * simulcast layer), when we record it, then the MP4 is 1280x720 from its first frame: the size
   * comes from what was published, not from the first frame, and the SFU was asked for its top
   * layer.
   */
  @Test
  void aStreamStartingOnItsLowestLayerIsRecordedAtItsPublishedSize() throws Exception {
    Path out = dir.resolve("ramp.mp4");
    try (LoopbackLiveKitServer server = server().resolution(1280, 720)
            .startOnLowLayer(320, 180, Duration.ofSeconds(3)).start();
        LiveKitFrameSource source = new LiveKitFrameSource(
            LoopbackFixture.source(server).identity("ramp-recorder").build())) {
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(5),
          LoopbackFixture.Step.NOTHING);
      assertThat(server.requestedQuality("ramp-recorder", server.publisherVideoSid()))
          .as("the top layer asked for").isEqualTo(livekit.LivekitModels.VideoQuality.HIGH);
      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors()
          .hasVideoSize(1280, 720).report();
      log.info("ramp: {} | {}", report.summary(), run.result().stats());
      assertThat(run.result().stats().resolutionChanges()).as("320x180 -> 1280x720 arrived")
          .isGreaterThanOrEqualTo(1);
      assertThat(run.result().stats().outputWidth()).isEqualTo(1280);
    }
  }

  /**
   * Given a publisher whose camera the SFU forwards in H.264, VP9 or AV1, when we record it, then
   * the MP4 is the usual playable H.264/AAC file.
   */
  @ParameterizedTest
  @EnumSource(value = LoopbackOptions.Codec.class, names = {"H264", "VP9", "AV1"})
  void publishersInOtherCodecsRecordToPlayableFiles(LoopbackOptions.Codec codec) throws Exception {
    Path out = dir.resolve(codec + ".mp4");
    try (LoopbackLiveKitServer server = server().codec(codec).start();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(4),
          LoopbackFixture.Step.NOTHING);
      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac")
          .decodesWithoutErrors().hasVideoSize(640, 360).report();
      log.info("{}: {}", codec, report.summary());
      // The double encodes H.264 with OpenH264, which skips frames while its rate control settles
      // (99 of 120 seen); VP9 and AV1 deliver about 125.
      assertThat(report.videoFrameCount()).as("frames of 4 s at 30 fps")
          .isGreaterThanOrEqualTo(80);
    }
  }

  /**
   * Given a recording whose participant leaves and never returns, when the publisher-gone
   * timeout passes, then the recording ends by itself (STOPPED, the reason says why) and the file
   * is complete.
   */
  @Test
  void aPublisherGoneForGoodEndsTheRecordingAtTheTimeout() throws Exception {
    Path out = dir.resolve("gone.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server)
            .publisherGoneTimeout(Duration.ofSeconds(2)).build());
        RecordingSession session = RecordingSession.create(LoopbackFixture.recorder(out), source)) {
      session.start();
      awaitFrames(source, 60);
      server.publisherLeaves();
      long left = System.nanoTime();
      RecordingResult result = session.awaitResult(Duration.ofSeconds(8)).orElseThrow(
          () -> new AssertionError("still recording 8 s after the publisher left"));
      Duration took = Duration.ofNanos(System.nanoTime() - left);
      log.info("gone: ended after {} ms: {}", took.toMillis(), result);
      assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
      assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
      assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors();
    }
  }

  /**
   * Given a 6 s recording whose participant leaves for good after about 2 s, when no frame comes
   * any more, then the recording still ends at 6 s by the wall clock, and the decoded file runs to
   * that point (last picture held, audio filled with silence).
   */
  @Test
  void aPublisherGoneBeforeTheDurationEndsTheRecordingAtTheDurationByTheClock() throws Exception {
    Path out = dir.resolve("gone-before-duration.mp4");
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server)
            .publisherGoneTimeout(Duration.ofMinutes(5)).build());
        RecordingSession session = RecordingSession.create(RecorderConfig.builder(out)
            .maxDuration(Duration.ofSeconds(6)).build(), source)) {
      session.start();
      awaitFrames(source, 60);
      server.publisherLeaves();
      RecordingResult result = session.awaitResult(Duration.ofSeconds(10)).orElseThrow(
          () -> new AssertionError("still recording 10 s later: the clock did not end it"));
      log.info("gone before the duration: {}", result);
      assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
      assertThat(result.endReason()).contains("by the clock");
      assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasDurationCloseTo(Duration.ofSeconds(6), Duration.ofMillis(100));
    }
  }

  /**
   * Given a recording whose server goes away for good, when every resume and rejoin fails, then
   * the recording ends FAILED with CONNECTION_LOST within the retry budget, the file so far kept.
   */
  @Test
  void aServerGoneForGoodFailsTheRecordingWithinTheRetryBudget() throws Exception {
    Path out = dir.resolve("server-gone.mp4");
    LoopbackLiveKitServer server = LoopbackFixture.server();
    try (LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server)
            .connectTimeout(Duration.ofSeconds(1))
            .reconnect(ReconnectPolicy.exponential(3, Duration.ofMillis(100),
                Duration.ofMillis(400))).build());
        RecordingSession session = RecordingSession.create(LoopbackFixture.recorder(out), source)) {
      session.start();
      awaitFrames(source, 60);
      long gone = System.nanoTime();
      server.close();
      RecordingResult result = session.awaitResult(Duration.ofSeconds(20)).orElseThrow(
          () -> new AssertionError("neither failed nor grew: " + source.connectionStatus()));
      Duration took = Duration.ofNanos(System.nanoTime() - gone);
      log.info("server gone: FAILED after {} ms: {} | {}", took.toMillis(), result,
          source.connectionStatus());
      assertThat(result.state()).isEqualTo(RecordingState.FAILED);
      assertThat(result.failureReason()).contains("could not get it back in 3 attempts");
      assertThat(source.connectionStatus().failure()).isEqualTo(Reason.CONNECTION_LOST);
      assertThat(source.connectionStatus().reconnectAttempts()).isEqualTo(3);
      assertThat(took).as("within the budget: 3 attempts, 1 s connect timeout, 0.7 s backoff")
          .isLessThan(Duration.ofSeconds(15));
      assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors();
    } finally {
      server.close();
    }
  }

  /**
   * Given a server that accepts TCP but never answers, when the source starts, then start()
   * returns at once and the source fails with TIMEOUT after the connect timeout.
   */
  @Test
  void startReturnsAtOnceAndASilentServerFailsAfterTheConnectTimeout() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
            java.net.InetAddress.getLoopbackAddress());
        LiveKitFrameSource source = new LiveKitFrameSource(LiveKitSourceConfig.builder()
            .url("ws://127.0.0.1:" + silent.getLocalPort())
            .apiKey(LoopbackFixture.KEY, LoopbackFixture.SECRET).room(LoopbackFixture.ROOM)
            .connectTimeout(Duration.ofSeconds(2)).build())) {
      long t0 = System.nanoTime();
      source.start(new DiscardingSink());
      Duration sourceStart = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(sourceStart).as("LiveKitFrameSource.start()").isLessThan(Duration.ofMillis(100));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (source.connectionStatus().failure() == null) {
        assertThat(System.nanoTime()).as("failed within 5 s").isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(source.connectionStatus().failure()).isEqualTo(Reason.TIMEOUT);
    }
  }

  private static void awaitFrames(LiveKitFrameSource source, long frames)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (source.connectionStatus().videoFramesReceived() < frames) {
      assertThat(System.nanoTime()).as("%d frames within 10 s: %s", frames,
          source.connectionStatus()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
