package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-style: 50 random scenario scripts (seeded, so every failure is reproducible; the seed
 * is in the message) recorded at small sizes. Whatever the script does, the file decodes fully,
 * its timestamps strictly increase, its duration is the script's timeline, audio and video end
 * together and the encoder never starves.
 */
class RandomScenariosTest {
  private static final long BASE_SEED = 20261125L;

  @TempDir Path dir;

  @Test
  void fiftyRandomScriptsAllGiveValidFiles() {
    for (int i = 0; i < 50; i++) {
      long seed = BASE_SEED + i;
      Scenario scenario = randomScript(seed);
      Path out = dir.resolve("random-" + seed + ".mp4");
      String context = "seed " + seed + " (" + scenario + ")";

      ScenarioRecording.Run run = ScenarioRecording.record(scenario, out);

      assertThat(run.result().succeeded()).as(context + ": %s", run.result().failureReason())
          .isTrue();
      assertThat(run.result().stats().maxZeroPacketStreak()).as(context).isLessThanOrEqualTo(1);
      double duration = assertThatRecording(out)
          .as(context)
          .hasVideoStream("h264")
          .hasStrictlyIncreasingTimestamps()
          .decodesWithoutErrors()
          .hasAudioAndVideoEndingWithin(Duration.ofMillis(70))
          .report().containerDurationSeconds();
      // The timeline, give or take: its last frame lasts one nominal interval (up to 1/15 s here)
      // plus AAC priming (22 ms) and jitter (15 ms); random drops may remove the last frames.
      double timeline = scenario.mediaDuration().toMillis() / 1000.0;
      assertThat(duration).as(context + ": duration").isBetween(timeline - 0.3, timeline + 0.105);
    }
  }

  /** A script of 3..8 random steps, each play between 0.3 and 1.5 s, at 320x240 or so. */
  static Scenario randomScript(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Scenario.Builder b = Scenario.builder().name("random-" + seed).seed(seed)
        .size(160 + 2 * random.nextInt(120), 120 + 2 * random.nextInt(90))
        .frameRate(new int[] {15, 24, 25, 30}[random.nextInt(4)]);
    if (random.nextInt(4) == 0) {
      b.audioLate(Duration.ofMillis(100 + random.nextInt(900)));
    }
    b.play(Duration.ofMillis(300 + random.nextInt(700)));
    int steps = 3 + random.nextInt(6);
    boolean muted = false;
    for (int s = 0; s < steps; s++) {
      switch (random.nextInt(12)) {
        case 0 -> b.gap(Duration.ofMillis(50 + random.nextInt(1200)));
        case 1 -> b.resize(96 + 2 * random.nextInt(400), 64 + 2 * random.nextInt(300));
        case 2 -> {
          if (muted) {
            b.unmute();
          } else {
            b.mute();
          }
          muted = !muted;
        }
        case 3 -> b.jitter(Duration.ofMillis(random.nextInt(16)));
        case 4 -> b.burst(2 + random.nextInt(10));
        case 5 -> b.dropFrames(random.nextInt(30));
        case 6 -> b.backwardsTimestamp();
        case 7 -> b.duplicateTimestamp();
        case 8 -> b.fpsChange(new int[] {10, 15, 25, 30}[random.nextInt(4)]);
        case 9 -> b.sampleRateChange(new int[] {16_000, 44_100, 48_000}[random.nextInt(3)]);
        case 10 -> b.channelsChange(1 + random.nextInt(2));
        default -> { }
      }
      b.play(Duration.ofMillis(300 + random.nextInt(1200)));
    }
    return b.build();
  }
}
