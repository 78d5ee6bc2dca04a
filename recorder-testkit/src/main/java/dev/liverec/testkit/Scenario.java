package dev.liverec.testkit;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted synthetic live stream: what a source sends, over media time, including the things
 * that break recorders. Immutable; build one with {@link #builder()} or take a named
 * {@link #preset(String)}, then get a fresh {@link FrameSource} for each recording:
 *
 * <pre>{@code
 * Scenario scenario = Scenario.builder().size(1280, 720)
 *     .play(Duration.ofSeconds(10))
 *     .gap(Duration.ofMillis(500))      // the source sends nothing, as when the network stalls
 *     .resize(640, 360).mute()
 *     .play(Duration.ofSeconds(10))
 *     .build();
 * FrameSource source = scenario.source(SourceClock.VIRTUAL);
 * }</pre>
 *
 * <p>Every whole second of media time the video shows a white flash frame and the audio a 1 kHz
 * beep ({@link TestPattern}, {@link ToneGenerator}), so A/V sync can be measured on any output.
 * Random choices (jitter, drops) come from a seeded generator: the same scenario plays the same
 * way every time.
 */
public final class Scenario {
  private final String name;
  private final List<Step> steps;
  private final int width;
  private final int height;
  private final int frameRate;
  private final boolean audio;
  private final int sampleRate;
  private final int channels;
  private final long seed;
  private final boolean endless;

  private Scenario(Builder b) {
    this.name = b.name;
    this.steps = List.copyOf(b.steps);
    this.width = b.width;
    this.height = b.height;
    this.frameRate = b.frameRate;
    this.audio = b.audio;
    this.sampleRate = b.sampleRate;
    this.channels = b.channels;
    this.seed = b.seed;
    this.endless = b.endless;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The guide's named scenarios; see {@link Presets}. */
  public static Scenario preset(String name) {
    return Presets.byName(name);
  }

  /** Names accepted by {@link #preset(String)}. */
  public static List<String> presetNames() {
    return Presets.NAMES;
  }

  /** A new source that plays this scenario; each call gives an independent one. */
  public FrameSource source(SourceClock clock) {
    return new ScenarioSource(this, clock);
  }

  public String name() {
    return name;
  }

  /** Media time from the first frame to the end of the script (gaps included). */
  public Duration mediaDuration() {
    Player player = player();
    while (player.next() != null) {
      // dry run: only timing, nothing painted
    }
    return Duration.ofNanos(player.mediaUs() * 1000);
  }

  /** Video frames the source sends (after drops), counted by a dry run of the script. */
  public long expectedVideoFrames() {
    Player player = player();
    long frames = 0;
    for (Emission e = player.next(); e != null; e = player.next()) {
      if (e.kind == Emission.Kind.VIDEO) {
        frames++;
      }
    }
    return frames;
  }

  /** Size of the first frame. */
  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int frameRate() {
    return frameRate;
  }

  public boolean hasAudio() {
    return audio;
  }

  /** True for a scenario that plays until its source is closed. */
  public boolean isEndless() {
    return endless;
  }

  List<Step> steps() {
    return steps;
  }

  Player player() {
    return new Player(this);
  }

  long seed() {
    return seed;
  }

  int sampleRate() {
    return sampleRate;
  }

  int channels() {
    return channels;
  }

  @Override
  public String toString() {
    return "Scenario[" + name + ", " + width + "x" + height + "@" + frameRate + ", "
        + steps.size() + " steps, seed " + seed + "]";
  }

  /** One instruction of the script. */
  sealed interface Step {
    record Play(long durationUs) implements Step {}

    record Gap(long durationUs) implements Step {}

    record Resize(int width, int height) implements Step {}

    record Mute() implements Step {}

    record Unmute() implements Step {}

    record Jitter(long maxUs) implements Step {}

    record Burst(int frames) implements Step {}

    record DropFrames(int percent) implements Step {}

    record BackwardsTimestamp() implements Step {}

    record DuplicateTimestamp() implements Step {}

    record AudioLate(long delayUs) implements Step {}

    record FpsChange(int fps) implements Step {}

    record SampleRateChange(int rate) implements Step {}

    record ChannelsChange(int channels) implements Step {}
  }

  /** Builds a {@link Scenario}. Defaults: 1280x720 at 30 fps, 48 kHz stereo, seed 1. */
  public static final class Builder {
    private String name = "custom";
    private final List<Step> steps = new ArrayList<>();
    private int width = 1280;
    private int height = 720;
    private int frameRate = 30;
    private boolean audio = true;
    private int sampleRate = 48_000;
    private int channels = 2;
    private long seed = 1;
    private boolean endless;

    private Builder() {}

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Size of the first frame. */
    public Builder size(int width, int height) {
      VideoFrame.checkGeometry(PixelFormat.I420, width, height);
      this.width = width;
      this.height = height;
      return this;
    }

    /** Frame rate at the start. */
    public Builder frameRate(int fps) {
      checkFps(fps);
      this.frameRate = fps;
      return this;
    }

    /** Audio format at the start. */
    public Builder audio(int sampleRate, int channels) {
      AudioFrame.checkFormat(sampleRate, channels, sampleRate / 100);
      this.audio = true;
      this.sampleRate = sampleRate;
      this.channels = channels;
      return this;
    }

    /** A stream with no audio track at all. */
    public Builder noAudio() {
      this.audio = false;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sends frames for this much media time. */
    public Builder play(Duration duration) {
      steps.add(new Step.Play(positiveUs(duration)));
      return this;
    }

    /** Plays until the source is closed; must be the last step. */
    public Builder playForever() {
      steps.add(new Step.Play(Long.MAX_VALUE / 4));
      endless = true;
      return this;
    }

    /** Sends nothing for this much media time, as when the network stalls; the clock runs on. */
    public Builder gap(Duration duration) {
      steps.add(new Step.Gap(positiveUs(duration)));
      return this;
    }

    /** Later frames have this size. */
    public Builder resize(int width, int height) {
      VideoFrame.checkGeometry(PixelFormat.I420, width, height);
      steps.add(new Step.Resize(width, height));
      return this;
    }

    /** Mutes audio: a muted event, then no audio until {@link #unmute()}. */
    public Builder mute() {
      steps.add(new Step.Mute());
      return this;
    }

    public Builder unmute() {
      steps.add(new Step.Unmute());
      return this;
    }

    /** From now on capture timestamps wander up to {@code max} either way (0 turns it off). */
    public Builder jitter(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("jitter must not be negative");
      }
      steps.add(new Step.Jitter(max.toNanos() / 1000));
      return this;
    }

    /** The next {@code frames} video frames arrive all at once, as after a network hiccup. */
    public Builder burst(int frames) {
      if (frames < 2 || frames > 1000) {
        throw new IllegalArgumentException("a burst is 2..1000 frames");
      }
      steps.add(new Step.Burst(frames));
      return this;
    }

    /** From now on the source drops this percentage of its video frames (0 turns it off). */
    public Builder dropFrames(int percent) {
      if (percent < 0 || percent > 90) {
        throw new IllegalArgumentException("drop percentage must be within 0..90");
      }
      steps.add(new Step.DropFrames(percent));
      return this;
    }

    /** The next video frame's timestamp is two frame intervals before the previous one's. */
    public Builder backwardsTimestamp() {
      steps.add(new Step.BackwardsTimestamp());
      return this;
    }

    /** The next video frame repeats the previous one's timestamp. */
    public Builder duplicateTimestamp() {
      steps.add(new Step.DuplicateTimestamp());
      return this;
    }

    /** The audio track appears only this long after the video starts. */
    public Builder audioLate(Duration delay) {
      steps.add(new Step.AudioLate(positiveUs(delay)));
      return this;
    }

    public Builder fpsChange(int fps) {
      checkFps(fps);
      steps.add(new Step.FpsChange(fps));
      return this;
    }

    public Builder sampleRateChange(int rate) {
      AudioFrame.checkFormat(rate, 1, rate / 100);
      steps.add(new Step.SampleRateChange(rate));
      return this;
    }

    public Builder channelsChange(int channels) {
      AudioFrame.checkFormat(48_000, channels, 480);
      steps.add(new Step.ChannelsChange(channels));
      return this;
    }

    public Scenario build() {
      if (steps.stream().noneMatch(s -> s instanceof Step.Play)) {
        throw new IllegalStateException("a scenario needs at least one play(...) step");
      }
      for (int i = 0; i < steps.size() - 1; i++) {
        if (steps.get(i) instanceof Step.Play p && p.durationUs() == Long.MAX_VALUE / 4) {
          throw new IllegalStateException("playForever() must be the last step");
        }
      }
      return new Scenario(this);
    }

    private static void checkFps(int fps) {
      if (fps < 1 || fps > 240) {
        throw new IllegalArgumentException("frame rate must be within 1..240");
      }
    }

    private static long positiveUs(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("duration must be positive");
      }
      return d.toNanos() / 1000;
    }
  }
}
