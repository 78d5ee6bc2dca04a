package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlayableTrackerTest {

  @Test
  void withoutErrorsPlaysToTheLastFrame() {
    PlayableTracker tracker = new PlayableTracker();
    tracker.frameDecoded(0.0, 0.5);
    tracker.frameDecoded(0.5, 1.0);

    assertThat(tracker.playableUntilSeconds()).isEqualTo(1.0);
  }

  @Test
  void stopsAtTheFirstErrorEvenIfLaterFramesDecode() {
    PlayableTracker tracker = new PlayableTracker();
    tracker.frameDecoded(0.0, 0.5);
    tracker.errorAt(0.5);
    tracker.frameDecoded(1.0, 1.5);

    assertThat(tracker.playableUntilSeconds()).isEqualTo(0.5);
  }

  @Test
  void keepsEarlierFramesHandedOutAfterTheError() {
    PlayableTracker tracker = new PlayableTracker();
    tracker.errorAt(1.0); // a threaded decoder rejects a packet before emitting earlier frames
    tracker.frameDecoded(0.0, 0.5);
    tracker.frameDecoded(0.5, 1.0);

    assertThat(tracker.playableUntilSeconds()).isEqualTo(1.0);
  }

  @Test
  void anErrorWithoutATimeStopsAfterTheLatestFrame() {
    PlayableTracker tracker = new PlayableTracker();
    tracker.frameDecoded(0.0, 0.5);
    tracker.errorAt(Double.NaN);
    tracker.frameDecoded(0.5, 1.0);

    assertThat(tracker.playableUntilSeconds()).isEqualTo(0.5);
  }
}
