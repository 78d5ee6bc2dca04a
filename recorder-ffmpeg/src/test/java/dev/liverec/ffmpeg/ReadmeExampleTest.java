package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's testkit example compiling and true: the example below is the README's text,
 * and a test checks that the README still shows exactly these lines.
 */
class ReadmeExampleTest {
  // README-EXAMPLE-START
  @Nested
  class MuteDoesNotBreakTheRecording {
    @org.junit.jupiter.api.io.TempDir Path dir;

    @Test
    void audioStaysContinuousAndInSync() {
      Scenario scenario = Scenario.builder().size(640, 360)
          .play(Duration.ofSeconds(5)).mute()
          .play(Duration.ofSeconds(5)).unmute()
          .play(Duration.ofSeconds(5)).build();
      Path out = dir.resolve("mute.mp4");

      try (RecordingSession session = RecordingSession.create(
          RecorderConfig.builder(out).build(), scenario.source(SourceClock.VIRTUAL))) {
        session.start();
        session.awaitResult(Duration.ofMinutes(1)).orElseThrow();
      }

      assertThatRecording(out)
          .hasVideoStream("h264").hasAudioStream("aac")
          .hasDurationCloseTo(scenario.mediaDuration(), Duration.ofMillis(60))
          .hasStrictlyIncreasingTimestamps()
          .decodesWithoutErrors()
          .isInSync(Duration.ofMillis(40));
    }
  }
  // README-EXAMPLE-END

  @Test
  void theReadmeShowsThisExample() throws IOException {
    Path self = Path.of("src/test/java/dev/liverec/ffmpeg/ReadmeExampleTest.java");
    String source = Files.readString(self);
    String example = source.substring(source.indexOf("// README-EXAMPLE-START") + 24,
        source.indexOf("  // README-EXAMPLE-END"));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(strip(readme)).contains(strip(example));
  }

  private static String strip(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
