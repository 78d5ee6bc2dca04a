package dev.liverec.loopback;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.livekit.LiveKitSourceConfig;
import dev.liverec.livekit.VideoPreference;
import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant with a camera and a screen share (LiveKit's Node SDK: the camera flashes at every
 * whole second, the screen share at every half second) is recorded one video track at a time:
 * never two tracks into one file.
 */
class SdkTrackChoiceTest {
  private static final Logger log = LoggerFactory.getLogger(SdkTrackChoiceTest.class);

  @TempDir Path dir;

  /**
   * Given a participant who shows the camera for 3 s, then starts a screen share and stops the
   * camera for 4 s, then starts the camera again beside the screen share for 4 s, when liverec
   * records them camera-first, then the decoded MP4 shows the camera, then the screen share, then
   * the camera again, and no flash of the other track inside any of those stretches.
   */
  @Test
  void cameraThenScreenShareThenCameraIsOneTrackAtATime() throws Exception {
    NodeSdk.assumeInstalled();
    Path out = dir.resolve("camera-screen.mp4");
    try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder()
            .apiKey(SdkSubscriberTest.KEY, SdkSubscriberTest.SECRET).room("talk")
            .publish(false).start();
        NodeSdk sdk = NodeSdk.start(server, SdkSubscriberTest.SECRET, "publisher.mjs",
            "--room", "talk", "--identity", "presenter", "--width", "640", "--height", "360",
            "--fps", "30", "--steps", "play:3,screen-on,camera-off,play:4,camera-on,play:4");
        LiveKitFrameSource source = new LiveKitFrameSource(LiveKitSourceConfig.builder()
            .url(server.url()).apiKey(SdkSubscriberTest.KEY, SdkSubscriberTest.SECRET)
            .room("talk").participant("presenter").videoPreference(VideoPreference.CAMERA_FIRST)
            .connectTimeout(Duration.ofSeconds(10)).participantTimeout(Duration.ofSeconds(20))
            .build());
        RecordingSession session = RecordingSession.create(RecorderConfig.builder(out).build(),
            source)) {
      sdk.await("published", Duration.ofSeconds(20));
      session.start();
      sdk.await("done", Duration.ofSeconds(40));
      RecordingResult result = session.stop();
      assertThat(sdk.exitCode(Duration.ofSeconds(15))).isZero();
      assertThat(result.state()).isEqualTo(RecordingState.STOPPED);

      ProbeReport report = assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors()
          .hasVideoSize(640, 360).report();
      List<Double> flashes = report.sync().flashSeconds();
      String tracks = trackOfEachFlash(flashes);
      log.info("camera/screen: {} | flashes {} | tracks {} | {}", report.summary(), flashes,
          tracks, source.connectionStatus());
      assertThat(tracks).as("C: a camera flash, S: a screen-share flash, in file order")
          .matches("C+S{3,}C{2,}");
    }
  }

  /** C for a flash on the camera's whole-second grid, S for one half a second off it. */
  private static String trackOfEachFlash(List<Double> flashes) {
    List<Character> kinds = new ArrayList<>();
    double first = flashes.get(0);
    for (double t : flashes) {
      double phase = (t - first) - Math.floor(t - first);
      kinds.add(phase > 0.3 && phase < 0.7 ? 'S' : 'C');
    }
    StringBuilder sb = new StringBuilder();
    kinds.forEach(sb::append);
    return sb.toString();
  }
}
