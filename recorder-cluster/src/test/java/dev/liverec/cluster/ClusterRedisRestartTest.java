package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, scenario 3: Redis restarted in the middle of two recordings. No recording stops or
 * moves (the worker records on without Redis and reports again once it is back); requests made
 * during the outage fail at once with a clear error and work again afterwards. Then a front is
 * closed (a front holds nothing) and the other one's status is complete.
 */
class ClusterRedisRestartTest {
  @TempDir Path dir;

  @Test
  void recordingsGoOnThroughARedisRestartAndRequestsFailClearlyMeanwhile() throws Exception {
    try (Fleet fleet = new Fleet(dir, "restart")) {
      ClusterFront frontA = fleet.front();
      ClusterFront frontB = fleet.front();
      fleet.worker("w1", 0.065);
      Fleet.await("the worker", Duration.ofSeconds(10), () -> frontA.health().liveWorkers() == 1);
      frontA.start(new RecordingSpec("rs_0", 320, 180, 15));
      frontB.start(new RecordingSpec("rs_1", 320, 180, 15));
      Fleet.await("2 s of media each", Duration.ofSeconds(60), () -> frontA.active().stream()
          .filter(v -> v.stats().mediaDurationMs() >= 2000).count() == 2);
      long mediaBefore = frontA.status("rs_0").stats().mediaDurationMs();

      // When Redis goes away
      fleet.redis.stop();

      // Then requests fail at once with a reason, and change nothing
      long before = System.nanoTime();
      assertThatThrownBy(() -> frontA.start(new RecordingSpec("rs_2", 320, 180, 15)))
          .isInstanceOf(ClusterUnavailableException.class)
          .hasMessageContaining("did not answer").hasMessageContaining("try again");
      assertThatThrownBy(() -> frontB.status("rs_0")).isInstanceOf(ClusterUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));

      // When it is back (same append-only file)
      fleet.redis.startAgain();

      // Then the recordings are still on their first part and their media kept growing
      Fleet.await("the fronts to reach Redis again", Duration.ofSeconds(20), () -> {
        try {
          return frontB.status("rs_0").stats().mediaDurationMs() > mediaBefore + 1000;
        } catch (ClusterUnavailableException e) {
          return false;
        }
      });
      for (String mint : List.of("rs_0", "rs_1")) {
        RecordingView view = frontB.status(mint);
        assertThat(view.state()).isEqualTo(ClusterState.RECORDING);
        assertThat(view.parts()).as("no failover for %s", mint).hasSize(1);
        assertThat(view.worker()).isEqualTo("w1");
      }
      // and a start works again
      assertThat(frontB.start(new RecordingSpec("rs_2", 320, 180, 15)).state())
          .isIn(ClusterState.PENDING, ClusterState.RECORDING);

      // When a front goes away, the other still sees every recording in full
      frontA.close();
      Fleet.await("rs_2 recording", Duration.ofSeconds(30),
          () -> frontB.status("rs_2").stats().mediaDurationMs() >= 1000);
      Map<String, ClusterState> states = frontB.active().stream()
          .collect(Collectors.toMap(RecordingView::mintId, RecordingView::state));
      assertThat(states).containsOnlyKeys("rs_0", "rs_1", "rs_2")
          .allSatisfy((k, v) -> assertThat(v).isEqualTo(ClusterState.RECORDING));

      // And every object, after stop, decodes and lasts what was recorded, outage included
      for (String mint : List.of("rs_0", "rs_1", "rs_2")) {
        RecordingView view = frontB.stop(mint);
        assertThat(view.state()).isEqualTo(ClusterState.STOPPED);
        ProbeReport probe = Parts.decode(fleet, dir, mint, view.parts().get(0));
        assertThat(probe.durationSeconds()).as(probe.summary())
            .isCloseTo(view.mediaDurationMs() / 1000.0, Offset.offset(1.0));
      }
    }
  }
}
