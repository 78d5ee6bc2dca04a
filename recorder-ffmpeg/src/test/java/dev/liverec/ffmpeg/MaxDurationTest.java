package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingResult;
import dev.liverec.testkit.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RecorderConfig.maxDuration}: a source that never ends gives a file of that length. */
class MaxDurationTest {
  @TempDir Path dir;

  @Test
  void anEndlessStreamEndsAtTheMaximumDurationToTheFrame() {
    Scenario endless = Scenario.builder().name("endless").size(640, 360).frameRate(30)
        .playForever().build();
    Path out = dir.resolve("three-seconds.mp4");

    RecordingResult result = ScenarioRecording.record(endless, out,
        b -> b.maxDuration(Duration.ofSeconds(3))).result();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.mediaDuration().toMillis()).as("90 frames of 33.3 ms")
        .isBetween(2_998L, 3_002L);
    assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
        .hasVideoFrames(90)
        // the container adds AAC's priming and last-frame padding to the 90 frames
        .hasDurationCloseTo(Duration.ofSeconds(3), Duration.ofMillis(34 + 22))
        .hasAudioAndVideoEndingWithin(Duration.ofMillis(40));
  }
}
