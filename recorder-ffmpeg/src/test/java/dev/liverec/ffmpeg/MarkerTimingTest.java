package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.CliMarkers;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Media time is capture time, from the very first frame: the test pattern flashes and beeps at
 * every whole second of its media time, so in the recorded file, as Debian's ffmpeg decodes it
 * (edit lists applied, as players apply them), every flash and every beep sits within 5 ms of a
 * whole second — the first pair at 0.000 s included. The AAC encoder's 1024 priming samples must
 * not push anything late. The guide's gaps, mute and resolution scenarios, shortened.
 */
class MarkerTimingTest {
  private static final double TOLERANCE_S = 0.005;

  @TempDir Path dir;

  static Stream<Scenario> scenarios() {
    return Stream.of(
        Scenario.builder().name("gaps").size(320, 180)
            .play(Duration.ofSeconds(3)).gap(Duration.ofMillis(100))
            .play(Duration.ofSeconds(3)).gap(Duration.ofMillis(500))
            .play(Duration.ofSeconds(3)).gap(Duration.ofMillis(1000))
            .play(Duration.ofSeconds(3)).build(),
        Scenario.builder().name("mute").size(320, 180)
            .play(Duration.ofSeconds(3)).mute()
            .play(Duration.ofSeconds(3)).unmute()
            .play(Duration.ofSeconds(3)).build(),
        Scenario.builder().name("resolution").size(640, 360)
            .play(Duration.ofSeconds(3)).resize(320, 180)
            .play(Duration.ofSeconds(3)).resize(640, 360)
            .play(Duration.ofSeconds(3)).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyFlashAndBeepIsOnItsWholeSecond(Scenario scenario) {
    assumeTrue(CliMarkers.available(), "Debian's ffmpeg is not installed (.ci/run installs it)");
    Path out = dir.resolve(scenario.name() + ".mp4");
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).outputSize(320, 180).build(),
        scenario.source(SourceClock.VIRTUAL))) {
      session.start();
      RecordingResult result = session.awaitResult(Duration.ofMinutes(2)).orElseThrow();
      assertThat(result.succeeded()).as("%s", result.failureReason()).isTrue();
    }

    List<Double> flashes = CliMarkers.flashes(out);
    List<Double> beeps = CliMarkers.beeps(out);

    assertThat(flashes).as("flashes").isNotEmpty().first().satisfies(t -> onSecond(t, 0));
    assertThat(beeps).as("beeps").isNotEmpty().first().satisfies(t -> onSecond(t, 0));
    long wholeSeconds = scenario.mediaDuration().toSeconds();
    assertThat(flashes).as("a flash for nearly every whole second")
        .hasSizeGreaterThanOrEqualTo((int) wholeSeconds - 1)
        .allSatisfy(t -> onSecond(t, Math.round(t)));
    assertThat(beeps).as("a beep for every whole second the audio was not muted")
        .hasSizeGreaterThanOrEqualTo(scenario.name().equals("mute") ? 5 : (int) wholeSeconds - 1)
        .allSatisfy(t -> onSecond(t, Math.round(t)));
  }

  private static void onSecond(double time, long second) {
    assertThat(time).as("marker at %.4f s", time).isBetween(second - TOLERANCE_S,
        second + TOLERANCE_S);
  }
}
