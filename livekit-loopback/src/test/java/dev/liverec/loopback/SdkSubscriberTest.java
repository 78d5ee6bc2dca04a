package dev.liverec.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LiveKit's official Node SDK subscribes through the double as it would through livekit-server:
 * one {@code connect()} with {@code autoSubscribe}, {@code TrackSubscribed} for the camera and
 * the microphone, and what the built-in publisher sends arrives at its published size and rate.
 */
class SdkSubscriberTest {
  static final String KEY = "devkey";
  static final String SECRET = "loopback-sdk-secret-0123456789abcdef";

  @Test
  void theOfficialSdkConnectsOnTheFirstTryAndReceivesWhatIsPublished() throws Exception {
    NodeSdk.assumeInstalled();
    try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder().apiKey(KEY, SECRET)
            .room("demo").resolution(640, 360).frameRate(30).start();
        NodeSdk sdk = NodeSdk.start(server, SECRET, "subscriber.mjs",
            "--room", "demo", "--identity", "sdk-viewer", "--seconds", "10")) {
      JsonNode connected = sdk.await("connected", Duration.ofSeconds(20));
      JsonNode result = sdk.await("result", Duration.ofSeconds(45));
      assertThat(sdk.exitCode(Duration.ofSeconds(15))).isZero();

      assertThat(server.joins()).as("one join: no retry, no duplicate identity").isEqualTo(1);
      assertThat(connected.path("ms").asLong()).as("connect() took, ms").isLessThan(10_000);
      List<JsonNode> subscribed = sdk.all("subscribed");
      assertThat(subscribed).extracting(s -> s.path("kind").asText())
          .containsExactlyInAnyOrder("video", "audio");
      assertThat(subscribed).allSatisfy(s ->
          assertThat(s.path("participantIdentity").asText()).isEqualTo("publisher"));

      JsonNode video = result.path("video");
      double windowSeconds = result.path("windowMs").asDouble() / 1000.0;
      double receiving = windowSeconds - video.path("firstFrameMs").asDouble() / 1000.0;
      assertThat(video.path("frames").asLong()).as("video frames of %.1f s at 30 fps", receiving)
          .isGreaterThanOrEqualTo(Math.round(0.95 * 30 * receiving));
      assertThat(video.path("sizes").fieldNames()).toIterable().containsExactly("640x360");
      JsonNode audio = result.path("audio");
      assertThat(audio.path("sampleRate").asInt()).isEqualTo(48_000);
      assertThat(audio.path("samples").asLong()).as("audio samples of %.1f s", windowSeconds)
          .isGreaterThanOrEqualTo(Math.round(0.95 * 48_000 * (windowSeconds - 0.5)));
    }
  }
}
