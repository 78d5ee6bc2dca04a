package dev.liverec.livekit;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.testkit.Scenario;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.nio.file.Path;
import java.time.Duration;

/** Shared set-up for the tests against the loopback LiveKit server. */
final class LoopbackFixture {
  static final String KEY = "devkey";
  static final String SECRET = "loopback-test-secret-0123456789abcdef";
  static final String ROOM = "demo";

  private LoopbackFixture() {}

  /** A server with the default room only: a join to another room gets HTTP 404. */
  static LoopbackLiveKitServer server() {
    return LoopbackLiveKitServer.builder().apiKey(KEY, SECRET).room(ROOM).autoCreateRooms(false)
        .start();
  }

  /** A server whose publisher plays {@code scenario}, from the moment the server starts. */
  static LoopbackLiveKitServer server(Scenario scenario) {
    return LoopbackLiveKitServer.builder().apiKey(KEY, SECRET).room(ROOM).scenario(scenario)
        .start();
  }

  /**
   * Records {@code length} of media from a fresh server publishing {@code scenario}; the
   * recording must end STOPPED.
   */
  static Run recordScenario(Scenario scenario, Path output, Duration length)
      throws InterruptedException {
    try (LoopbackLiveKitServer server = server(scenario);
        LiveKitFrameSource source = new LiveKitFrameSource(source(server).build())) {
      Run run = record(server, source, output, length, Step.NOTHING);
      if (run.result().state() != RecordingState.STOPPED) {
        throw new AssertionError("the recording did not end STOPPED: " + run.result());
      }
      return run;
    }
  }

  static LiveKitSourceConfig.Builder source(LoopbackLiveKitServer server) {
    return LiveKitSourceConfig.builder()
        .url(server.url())
        .apiKey(KEY, SECRET)
        .room(ROOM)
        .connectTimeout(Duration.ofSeconds(5))
        .participantTimeout(Duration.ofSeconds(5));
  }

  /** The library's defaults: fragmented MP4, as a user gets it. */
  static RecorderConfig recorder(Path output) {
    return RecorderConfig.builder(output).build();
  }

  /** What one recording measured while it ran. */
  record Run(
      RecordingResult result,
      ConnectionStatus status,
      Duration recorded,
      long framesPublished) {}

  /**
   * Records for {@code length} of media after the first video frame, running {@code during}
   * (given the elapsed recording time) every 100 ms.
   */
  static Run record(LoopbackLiveKitServer server, LiveKitFrameSource source, Path output,
      Duration length, Step during) throws InterruptedException {
    try (RecordingSession session = RecordingSession.create(recorder(output), source)) {
      session.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (source.connectionStatus().videoFramesReceived() == 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no video within 10 s: " + source.connectionStatus());
        }
        Thread.sleep(5);
      }
      long firstFrameNanos = System.nanoTime();
      long publishedAtFirst = server.videoFramesPublished();
      long end = firstFrameNanos + length.toNanos();
      while (System.nanoTime() < end) {
        during.at(Duration.ofNanos(System.nanoTime() - firstFrameNanos));
        Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
      }
      long publishedAtStop = server.videoFramesPublished();
      Duration recorded = Duration.ofNanos(System.nanoTime() - firstFrameNanos);
      ConnectionStatus status = source.connectionStatus();
      RecordingResult result = session.stop();
      return new Run(result, status, recorded, publishedAtStop - publishedAtFirst);
    }
  }

  /** Something a test does while recording. */
  interface Step {
    void at(Duration elapsed);

    Step NOTHING = elapsed -> {};
  }
}
