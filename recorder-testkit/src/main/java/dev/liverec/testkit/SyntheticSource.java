package dev.liverec.testkit;

import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A plain synthetic live stream: the {@link TestPattern} at any size and frame rate and the
 * {@link ToneGenerator}'s tone, with sync markers every whole second, endless or for a duration.
 * A shorthand for a one-step {@link Scenario}:
 *
 * <pre>{@code
 * FrameSource source = SyntheticSource.builder().size(1920, 1080).frameRate(30)
 *     .duration(Duration.ofSeconds(30)).clock(SourceClock.VIRTUAL).build();
 * }</pre>
 */
public final class SyntheticSource implements FrameSource {
  private final FrameSource delegate;

  private SyntheticSource(Scenario scenario, SourceClock clock) {
    this.delegate = scenario.source(clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void start(FrameSink sink) {
    delegate.start(sink);
  }

  @Override
  public boolean hasAudio() {
    return delegate.hasAudio();
  }

  /** Live on the {@link SourceClock#REAL} clock, not on the virtual one. */
  @Override
  public boolean isLive() {
    return delegate.isLive();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** Builds a {@link SyntheticSource}. Defaults: 640x360 at 30 fps, 48 kHz stereo, endless, REAL. */
  public static final class Builder {
    private int width = 640;
    private int height = 360;
    private int frameRate = 30;
    private int sampleRate = 48_000;
    private int channels = 2;
    private boolean audio = true;
    private @Nullable Duration duration;
    private SourceClock clock = SourceClock.REAL;

    private Builder() {}

    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder frameRate(int frameRate) {
      this.frameRate = frameRate;
      return this;
    }

    public Builder audio(int sampleRate, int channels) {
      this.audio = true;
      this.sampleRate = sampleRate;
      this.channels = channels;
      return this;
    }

    public Builder noAudio() {
      this.audio = false;
      return this;
    }

    /** Media time after which the source sends end-of-stream; default endless. */
    public Builder duration(Duration duration) {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive");
      }
      this.duration = duration;
      return this;
    }

    public Builder clock(SourceClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SyntheticSource build() {
      Scenario.Builder scenario = Scenario.builder().name("synthetic").size(width, height)
          .frameRate(frameRate);
      if (audio) {
        scenario.audio(sampleRate, channels);
      } else {
        scenario.noAudio();
      }
      Scenario built = (duration == null ? scenario.playForever() : scenario.play(duration)).build();
      return new SyntheticSource(built, clock);
    }
  }
}
