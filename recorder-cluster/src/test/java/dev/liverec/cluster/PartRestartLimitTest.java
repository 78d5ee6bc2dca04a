package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording whose recorder keeps dying: the worker goes on as the next part three times within
 * a minute ({@link PartEndings#MAX_RESTARTS}); the fourth death within that minute ends the
 * recording FAILED with the reason, and every part it recorded is an object that decodes.
 */
class PartRestartLimitTest {
  private static final String MINT = "dies_often";

  @TempDir Path dir;

  @Test
  void theFourthDeathWithinAMinuteEndsTheRecordingFailedWithItsReason() throws Exception {
    try (Fleet fleet = new Fleet(dir, "restarts")) {
      // Given a worker whose recorders the test can kill, recording one small recording
      KillableParts recorders = new KillableParts();
      fleet.worker("w1", 0.5, recorders);
      ClusterFront front = fleet.front();
      front.start(new RecordingSpec(MINT, 320, 180, 15));

      // When its recorder dies four times, each time after a second of media
      for (int part = 1; part <= 4; part++) {
        int n = part;
        Fleet.await("part " + n + " recording 1.2 s of media", Duration.ofSeconds(20),
            () -> recorders.launched().size() == n && recorders.launched().get(n - 1).mediaMs() >= 1200);
        if (n > 1) {
          RecordingView view = front.status(MINT);
          assertThat(view.state()).isEqualTo(ClusterState.RECORDING);
          assertThat(view.parts()).hasSize(n);
          assertThat(view.parts().get(n - 1).worker()).isEqualTo("w1");
        }
        recorders.launched().get(n - 1).kill();
      }

      // Then after three restarts on the same worker, the fourth death ends it FAILED with why
      Fleet.await("the recording ended", Duration.ofSeconds(20),
          () -> front.status(MINT).state().isFinal());
      RecordingView view = front.status(MINT);
      assertThat(view.state()).isEqualTo(ClusterState.FAILED);
      assertThat(view.reason()).isEqualTo("its recorder process died 4 times within 60 s "
          + "(last: killed by the test)");
      assertThat(recorders.launched()).hasSize(4);
      assertThat(front.active()).isEmpty();
      // and each of its four parts kept what its recorder finished: an object that decodes
      Fleet.await("the four parts complete", Duration.ofSeconds(20), () -> front.status(MINT)
          .parts().stream().allMatch(p -> p.state() == PartState.COMPLETE));
      for (PartView part : front.status(MINT).parts()) {
        assertThat(part.worker()).isEqualTo("w1");
        assertThat(Parts.decode(fleet, dir, MINT, part).durationSeconds()).isPositive();
      }
    }
  }
}
