package dev.liverec.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The experiment guide's tests as named scenarios, plus {@code hostile}. */
public final class Presets {
  /** Names accepted by {@link Scenario#preset(String)}. */
  public static final List<String> NAMES =
      List.of("basic", "long", "gaps", "resolution", "mute", "rapid", "hostile");

  private Presets() {}

  static Scenario byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "basic" -> basic();
      case "long" -> longRun(Duration.ofMinutes(20));
      case "gaps" -> gaps();
      case "resolution" -> resolution();
      case "mute" -> mute();
      case "rapid" -> rapid();
      case "hostile" -> hostile();
      default -> throw new IllegalArgumentException(
          "unknown scenario '" + name + "'; choose one of " + NAMES);
    };
  }

  /** Guide test 1: 30 s of 1080p30 with audio. */
  public static Scenario basic() {
    return Scenario.builder().name("basic").size(1920, 1080).frameRate(30)
        .play(Duration.ofSeconds(30)).build();
  }

  /** Guide test 2: a long run at 360p (the guide runs 4 h; pick the length). */
  public static Scenario longRun(Duration length) {
    return Scenario.builder().name("long").size(640, 360).frameRate(30).play(length).build();
  }

  /** Guide test 3: pauses of 100, 500 and 1000 ms with 10 s of stream between. */
  public static Scenario gaps() {
    return Scenario.builder().name("gaps").size(1280, 720)
        .play(Duration.ofSeconds(10)).gap(Duration.ofMillis(100))
        .play(Duration.ofSeconds(10)).gap(Duration.ofMillis(500))
        .play(Duration.ofSeconds(10)).gap(Duration.ofMillis(1000))
        .play(Duration.ofSeconds(10)).build();
  }

  /** Guide test 4: 1080p, then 720p, then 1080p again, 30 s each. */
  public static Scenario resolution() {
    return Scenario.builder().name("resolution").size(1920, 1080)
        .play(Duration.ofSeconds(30)).resize(1280, 720)
        .play(Duration.ofSeconds(30)).resize(1920, 1080)
        .play(Duration.ofSeconds(30)).build();
  }

  /** Guide test 5: 15 s with audio, 15 s muted, 15 s with audio again. */
  public static Scenario mute() {
    return Scenario.builder().name("mute").size(1280, 720)
        .play(Duration.ofSeconds(15)).mute()
        .play(Duration.ofSeconds(15)).unmute()
        .play(Duration.ofSeconds(15)).build();
  }

  /** Guide test 6: one 5 s cycle of the rapid start/stop test (run it ten times). */
  public static Scenario rapid() {
    return Scenario.builder().name("rapid").size(640, 360).play(Duration.ofSeconds(5)).build();
  }

  /** Everything at once: late audio, jitter, bursts, gaps, bad timestamps, format changes. */
  public static Scenario hostile() {
    return Scenario.builder().name("hostile").size(1280, 720).seed(42)
        .audioLate(Duration.ofSeconds(2))
        .play(Duration.ofSeconds(4))
        .jitter(Duration.ofMillis(15))
        .play(Duration.ofSeconds(3))
        .burst(15)
        .play(Duration.ofSeconds(2))
        .gap(Duration.ofMillis(700))
        .backwardsTimestamp()
        .play(Duration.ofSeconds(1))
        .duplicateTimestamp()
        .play(Duration.ofSeconds(2))
        .resize(640, 360)
        .dropFrames(10)
        .play(Duration.ofSeconds(3))
        .mute()
        .sampleRateChange(44_100)
        .play(Duration.ofSeconds(3))
        .unmute()
        .channelsChange(1)
        .fpsChange(15)
        .play(Duration.ofSeconds(3))
        .resize(1920, 1080)
        .dropFrames(0)
        .jitter(Duration.ZERO)
        .fpsChange(30)
        .play(Duration.ofSeconds(3))
        .build();
  }
}
