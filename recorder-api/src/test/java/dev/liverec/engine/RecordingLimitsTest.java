package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The two rules that end a recording with a maximum duration, on made-up clock readings: by
 * media time for every source, and by the clock for a live source that went quiet.
 */
class RecordingLimitsTest {
  private static final long INTERVAL_US = 33_333;
  private static final long ORIGIN = 1_000_000_000_000L;
  private static final BooleanSupplier NO_VIDEO_WAITING = () -> false;

  private static long at(long millis) {
    return ORIGIN + millis * 1_000_000;
  }

  private static RecordingLimits started(RecordingLimits limits) {
    limits.start(ORIGIN);
    return limits;
  }

  /**
   * Given a 3 s limit at 30 fps, when frames arrive, then the 90th frame (starting at 2,967 ms,
   * the next one would start at the limit) ends the recording by media time and the 89th does
   * not.
   */
  @Test
  void endsByMediaTimeWhenTheNextFrameWouldStartAtTheLimit() {
    RecordingLimits limits = started(new RecordingLimits(Duration.ofSeconds(3), INTERVAL_US, true));

    assertThat(limits.reachedByMedia(88 * INTERVAL_US)).as("frame 89").isFalse();
    assertThat(limits.reason()).isNull();
    assertThat(limits.reachedByMedia(89 * INTERVAL_US)).as("frame 90").isTrue();
    assertThat(limits.reason()).isEqualTo("reached 3 s of media");
  }

  /**
   * Given a live source and a 4 s limit, when its last frame arrived 2 s after the first and
   * nothing came since, then the clock ends the recording at 4 s and not a millisecond before,
   * and the reason says so and how long video was missing.
   */
  @Test
  void endsALiveRecordingByTheClockOnceTheLimitHasPassedWithoutVideo() {
    RecordingLimits limits = started(new RecordingLimits(Duration.ofSeconds(4), INTERVAL_US, true));

    assertThat(limits.mayEndByClock()).isTrue();
    assertThat(limits.reachedByClock(at(3_999), at(2_000), NO_VIDEO_WAITING)).isFalse();
    assertThat(limits.reachedByClock(at(4_000), at(2_000), NO_VIDEO_WAITING)).isTrue();
    assertThat(limits.reason()).startsWith("reached 4 s by the clock; no video frame for the "
        + "last 2.0 s");
    assertThat(limits.endUs()).isEqualTo(4_000_000);
  }

  /**
   * Given a live source whose video is late but flowing at the limit (a frame 100 ms ago, or
   * frames still queued), when the clock passes the limit, then the clock does not end it: the
   * media-time rule will, to the frame. The queue is only asked once the limit has passed.
   */
  @Test
  void leavesFlowingVideoToTheMediaTimeRule() {
    RecordingLimits limits = started(new RecordingLimits(Duration.ofSeconds(4), INTERVAL_US, true));
    AtomicInteger asked = new AtomicInteger();
    BooleanSupplier queued = () -> {
      asked.incrementAndGet();
      return true;
    };

    assertThat(limits.reachedByClock(at(3_000), at(1_000), queued)).isFalse();
    assertThat(asked).as("queue not asked before the limit").hasValue(0);
    assertThat(limits.reachedByClock(at(4_100), at(4_000), NO_VIDEO_WAITING))
        .as("a frame 100 ms ago").isFalse();
    assertThat(limits.reachedByClock(at(4_100), at(3_000), queued)).as("video queued").isFalse();
    assertThat(limits.reachedByClock(at(4_000 + 249), at(4_000), NO_VIDEO_WAITING))
        .as("quiet for less than %d ms", RecordingLimits.QUIET_NANOS / 1_000_000).isFalse();
    assertThat(limits.reachedByClock(at(4_000 + 250), at(4_000), NO_VIDEO_WAITING)).isTrue();
    assertThat(limits.reason()).isNotNull();
  }

  /**
   * Given a source that is not live (a file, a virtual clock), or no limit at all, when any
   * amount of wall time passes without video, then the clock never ends the recording.
   */
  @Test
  void neverEndsANonLiveOrUnlimitedRecordingByTheClock() {
    RecordingLimits notLive =
        started(new RecordingLimits(Duration.ofSeconds(4), INTERVAL_US, false));
    RecordingLimits unlimited = started(new RecordingLimits(null, INTERVAL_US, true));

    assertThat(notLive.mayEndByClock()).isFalse();
    assertThat(unlimited.mayEndByClock()).isFalse();
    assertThat(notLive.reachedByClock(at(3_600_000), at(1_000), NO_VIDEO_WAITING)).isFalse();
    assertThat(unlimited.reachedByClock(at(3_600_000), at(1_000), NO_VIDEO_WAITING)).isFalse();
    assertThat(unlimited.reachedByMedia(Long.MAX_VALUE / 4)).isFalse();
    assertThat(notLive.reachedByMedia(89 * INTERVAL_US + 4 * 1_000_000)).as("media rule stays")
        .isTrue();
  }

  /** Given no frame yet, when the clock runs on, then there is no media time 0 and no end. */
  @Test
  void waitsForTheFirstFrameToStartTheClock() {
    RecordingLimits limits = new RecordingLimits(Duration.ofSeconds(1), INTERVAL_US, true);

    assertThat(limits.reachedByClock(at(60_000), at(0), NO_VIDEO_WAITING)).isFalse();
    assertThat(limits.reachedByMedia(5_000_000)).isFalse();
    limits.start(at(10_000));
    limits.start(at(20_000));
    assertThat(limits.reachedByClock(at(10_999), at(10_000), NO_VIDEO_WAITING))
        .as("the first frame's arrival is the origin").isFalse();
    assertThat(limits.reachedByClock(at(11_000), at(10_000), NO_VIDEO_WAITING)).isTrue();
  }

  /**
   * Given a 1 fps output, when frames arrive a second apart, then the gap between two of them is
   * not mistaken for a quiet source: quiet means two frame intervals.
   */
  @Test
  void aLowFrameRateWaitsTwoFrameIntervalsBeforeCallingVideoQuiet() {
    RecordingLimits limits = started(new RecordingLimits(Duration.ofSeconds(10), 1_000_000, true));

    assertThat(limits.quietNanos()).isEqualTo(2_000_000_000L);
    assertThat(limits.reachedByClock(at(10_500), at(9_000), NO_VIDEO_WAITING)).isFalse();
    assertThat(limits.reachedByClock(at(11_000), at(9_000), NO_VIDEO_WAITING)).isTrue();
    assertThat(limits.reason()).startsWith("reached 10 s by the clock");
  }
}
