package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampNormalizerTest {
  private static final long FRAME = 33_333;
  private static final long MAX_JUMP = 30_000_000;
  private final TimestampNormalizer timestamps = new TimestampNormalizer(FRAME, MAX_JUMP);

  @Test
  void rebasesTheFirstFrameToZeroAndKeepsTheSourceSpacing() {
    assertThat(timestamps.video(5_000_000_000L, 0)).isZero();
    assertThat(timestamps.video(5_000_033_333L, 0)).isEqualTo(33_333);
    assertThat(timestamps.video(5_000_066_666L, 0)).isEqualTo(66_666);
    assertThat(timestamps.wasRepaired()).isFalse();
  }

  @Test
  void keepsARealGapSoTheFileIsAsLongAsTheStream() {
    timestamps.video(0, 0);
    long afterGap = timestamps.video(1_033_333, 0);
    assertThat(afterGap).isEqualTo(1_033_333);
    assertThat(timestamps.gapUs()).isEqualTo(1_033_333);
    assertThat(timestamps.wasRepaired()).isFalse();
  }

  @Test
  void repairsDuplicateAndBackwardTimestampsToStayStrictlyIncreasing() {
    timestamps.video(0, 0);
    timestamps.video(33_333, 0);
    long duplicate = timestamps.video(33_333, 0);
    assertThat(duplicate).isEqualTo(33_333 + TimestampNormalizer.MIN_STEP_US);
    assertThat(timestamps.wasRepaired()).isTrue();
    long backwards = timestamps.video(20_000, 0);
    assertThat(backwards).isGreaterThan(duplicate);
    assertThat(timestamps.wasRepaired()).isTrue();
    assertThat(timestamps.video(66_666, 0)).isEqualTo(66_666);
    assertThat(timestamps.wasRepaired()).isFalse();
  }

  @Test
  void keepsFramesAtLeastOneMillisecondApartSoNoTwoShareAnOutputTick() {
    timestamps.video(0, 0);
    assertThat(timestamps.video(5, 0)).isEqualTo(TimestampNormalizer.MIN_STEP_US);
    assertThat(timestamps.wasRepaired()).isTrue();
  }

  @Test
  void reanchorsAfterAClockThatJumpsYearsAheadThenComesBack() {
    timestamps.video(0, 0);
    long wild = timestamps.video(Long.MAX_VALUE - 5, 0);
    assertThat(wild).isEqualTo(FRAME);
    assertThat(timestamps.wasRepaired()).isTrue();
    long back = timestamps.video(66_666, 0);
    assertThat(back).isEqualTo(2 * FRAME);
    long next = timestamps.video(100_000, 0);
    assertThat(next).isEqualTo(2 * FRAME + 33_334);
    assertThat(timestamps.wasRepaired()).isFalse();
  }

  @Test
  void trustsALongJumpThatTheWallClockConfirms() {
    long second = 1_000_000_000L;
    timestamps.video(0, 1);
    long pts = timestamps.video(60_000_000, 1 + 60 * second);
    assertThat(pts).isEqualTo(60_000_000);
    assertThat(timestamps.wasRepaired()).isFalse();
  }

  /**
   * Given frames up to 1,967 ms, when the last picture is repeated at 3,967 ms (a recording held
   * to 4 s after its source went quiet), then the timeline's last video time is the repeat, the
   * stretch is reported as a gap, and a repeat that is not later moves one step after the last.
   */
  @Test
  void continuesTheTimelineWithARepeatOfTheLastPicture() {
    timestamps.video(0, 0);
    timestamps.video(59 * FRAME, 0);

    long held = timestamps.repeat(4_000_000 - FRAME);

    assertThat(held).isEqualTo(4_000_000 - FRAME);
    assertThat(timestamps.lastPtsUs()).isEqualTo(held);
    assertThat(timestamps.gapUs()).isEqualTo(held - 59 * FRAME);
    assertThat(timestamps.intervalUs()).isEqualTo(held - 59 * FRAME);
    assertThat(timestamps.repeat(0)).isEqualTo(held + TimestampNormalizer.MIN_STEP_US);
    assertThat(timestamps.gapUs()).isZero();
  }

  @Test
  void mapsAudioOntoTheVideoTimeline() {
    timestamps.video(7_000_000, 0);
    assertThat(timestamps.audio(7_500_000)).isEqualTo(500_000);
  }
}
