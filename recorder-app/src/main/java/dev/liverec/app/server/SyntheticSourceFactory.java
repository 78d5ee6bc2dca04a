package dev.liverec.app.server;

import dev.liverec.spi.FrameSource;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Gives every mint_id its own synthetic live stream on the real clock: either an endless test
 * pattern with a tone, or a named {@link Scenario} preset that plays once and then ends the
 * recording by itself. Lets every curl in the guide work with nothing else running.
 */
public final class SyntheticSourceFactory implements SourceFactory {
  private final int width;
  private final int height;
  private final int frameRate;
  private final @Nullable Scenario scenario;

  private SyntheticSourceFactory(int width, int height, int frameRate, @Nullable Scenario scenario) {
    this.width = width;
    this.height = height;
    this.frameRate = frameRate;
    this.scenario = scenario;
  }

  /** An endless test pattern of this size and rate for each recording. */
  public static SyntheticSourceFactory endless(int width, int height, int frameRate) {
    SyntheticSource.builder().size(width, height).frameRate(frameRate); // validates
    return new SyntheticSourceFactory(width, height, frameRate, null);
  }

  /**
   * A scenario preset ({@link Scenario#presetNames()}) for each recording.
   *
   * @throws IllegalArgumentException for an unknown preset name
   */
  public static SyntheticSourceFactory scenario(String presetName) {
    Scenario s = Scenario.preset(presetName);
    return new SyntheticSourceFactory(s.width(), s.height(), s.frameRate(), s);
  }

  @Override
  public FrameSource create(MintId mintId) {
    Scenario s = scenario;
    if (s != null) {
      return s.source(SourceClock.REAL);
    }
    return SyntheticSource.builder().size(width, height).frameRate(frameRate)
        .clock(SourceClock.REAL).build();
  }

  @Override
  public Optional<StreamFormat> expectedFormat() {
    return Optional.of(new StreamFormat(width, height, frameRate));
  }

  @Override
  public String describe() {
    Scenario s = scenario;
    return s != null
        ? "synthetic scenario '" + s.name() + "' (" + s.mediaDuration().toMillis() / 1000.0
            + " s, " + width + "x" + height + "@" + frameRate + ")"
        : "synthetic endless " + width + "x" + height + "@" + frameRate;
  }
}
