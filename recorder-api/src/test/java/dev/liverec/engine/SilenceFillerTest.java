package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.FramePool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilenceFillerTest {
  private final FramePool pool = new FramePool();
  private final SilenceFiller filler = new SilenceFiller(pool, 48_000, 2, 30_000_000);
  private final List<Long> silenceAt = new ArrayList<>();
  private long silenceUs;
  private final SilenceFiller.Output out = (frame, pts) -> {
    silenceAt.add(pts);
    silenceUs += frame.durationUs();
    frame.close();
  };

  @Test
  void fillsAMutedStretchWithSilenceUpToTheVideoTime() {
    filler.fillTo(15_000_000, out);
    assertThat(filler.positionUs()).isBetween(14_999_000L, 15_000_000L);
    assertThat(silenceUs).isBetween(14_990_000L, 15_000_000L);
    assertThat(silenceAt.get(0)).isZero();
  }

  @Test
  void putsSilenceBeforeAudioThatStartsLate() {
    assertThat(filler.admit(2_000_000, 10_000, out)).isTrue();
    assertThat(filler.positionUs()).isBetween(1_999_000L, 2_000_000L);
  }

  @Test
  void absorbsJitterAndDropsAudioThatOverlapsWhatIsWritten() {
    filler.fillTo(1_000_000, out);
    assertThat(filler.admit(1_010_000, 10_000, out)).as("10 ms early is jitter").isTrue();
    assertThat(filler.admit(500_000, 10_000, out)).as("half a second back overlaps").isFalse();
  }

  @Test
  void doesNotTrustATimestampOffByMoreThanTheMaxJump() {
    assertThat(filler.admit(3_600_000_000L, 10_000, out)).isTrue();
    assertThat(silenceAt).isEmpty();
  }
}
