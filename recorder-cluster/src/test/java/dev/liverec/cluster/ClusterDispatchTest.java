package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, scenarios 1 and 4, scaled to a loaded 2-core machine: two fronts, three workers (in
 * this JVM), one Redis, one S3 store. Nine 320x180 recordings started through either front spread
 * over the workers by capacity; a tenth, with the fleet full, is refused with a reason at once;
 * every object, downloaded from S3 and decoded by FFmpeg, lasts what the recording recorded.
 */
class ClusterDispatchTest {
  /** Each worker has room for exactly three 320x180@15 recordings (0.02 CPU each). */
  private static final double WORKER_CPUS = 0.065;

  @TempDir Path dir;

  @Test
  void nineRecordingsSpreadByCapacityAndEveryObjectDecodes() throws Exception {
    try (Fleet fleet = new Fleet(dir, "dispatch")) {
      ClusterFront frontA = fleet.front();
      ClusterFront frontB = fleet.front();
      fleet.worker("w1", WORKER_CPUS);
      fleet.worker("w2", WORKER_CPUS);
      fleet.worker("w3", WORKER_CPUS);
      Fleet.await("three live workers", Duration.ofSeconds(10),
          () -> frontA.health().liveWorkers() == 3);

      // Given nine starts, alternating between the two fronts
      List<String> mints = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        String mint = "mint_" + i;
        mints.add(mint);
        (i % 2 == 0 ? frontA : frontB).start(new RecordingSpec(mint, 320, 180, 15));
      }
      Fleet.await("nine recordings on workers", Duration.ofSeconds(30), () -> frontB.active().stream()
          .filter(v -> v.state() == ClusterState.RECORDING && v.parts().get(0).state() == PartState.RECORDING)
          .count() == 9);

      // Then they spread three per worker, and either front sees all of them
      Map<String, Long> perWorker = frontA.active().stream()
          .collect(Collectors.groupingBy(RecordingView::worker, Collectors.counting()));
      assertThat(perWorker).containsOnly(Map.entry("w1", 3L), Map.entry("w2", 3L), Map.entry("w3", 3L));
      assertThat(frontB.health().activeRecordings()).isEqualTo(9);

      // When the fleet is full, a tenth start is refused with a reason within 2 s
      long before = System.nanoTime();
      assertThatThrownBy(() -> frontB.start(new RecordingSpec("one_too_many", 320, 180, 15)))
          .isInstanceOf(NoCapacityException.class)
          .hasMessageContaining("all 3 workers are at capacity");
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));

      // And a second start of a running id is a conflict
      assertThatThrownBy(() -> frontA.start(new RecordingSpec("mint_0", 320, 180, 15)))
          .isInstanceOf(RecordingConflictException.class);

      // When every recording has a few seconds of media, stop them through the other front
      Fleet.await("3 s of media each", Duration.ofSeconds(60), () -> frontA.active().stream()
          .allMatch(v -> v.stats().mediaDurationMs() >= 3000));
      List<RecordingView> stopped = new ArrayList<>();
      for (int i = 0; i < mints.size(); i++) {
        stopped.add((i % 2 == 0 ? frontB : frontA).stop(mints.get(i)));
      }

      // Then each is one complete object in S3 whose decoded duration is the recorded one
      for (RecordingView view : stopped) {
        assertThat(view.state()).as(view.mintId()).isEqualTo(ClusterState.STOPPED);
        assertThat(view.parts()).hasSize(1);
        PartView part = view.parts().get(0);
        assertThat(part.state()).isEqualTo(PartState.COMPLETE);
        ProbeReport probe = Parts.decode(fleet, dir, view.mintId(), part);
        assertThat(view.fileSize()).isEqualTo(part.bytes());
        assertThat(probe.durationSeconds()).as(probe.summary())
            .isCloseTo(part.mediaDurationMs() / 1000.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(probe.durationSeconds()).isGreaterThanOrEqualTo(3.0);
      }
      // And nothing is left behind: no chunk objects (S3Proxy's filesystem lists folders too)
      assertThat(fleet.s3.list("dispatch/")).extracting(o -> o.key())
          .filteredOn(k -> !k.endsWith("/")).hasSize(9).allMatch(k -> k.endsWith("/part-1.mp4"));
      assertThat(frontA.active()).isEmpty();
    }
  }

  @Test
  void newStartsGoToTheWorkersWithTheMostRoom() throws Exception {
    try (Fleet fleet = new Fleet(dir, "spread")) {
      ClusterFront front = fleet.front();
      fleet.worker("w1", WORKER_CPUS);
      Fleet.await("w1 live", Duration.ofSeconds(10), () -> front.health().liveWorkers() == 1);

      // Given w1 already records two of its three, and two empty workers join
      front.start(new RecordingSpec("early_0", 320, 180, 15));
      front.start(new RecordingSpec("early_1", 320, 180, 15));
      Fleet.await("two recordings on w1", Duration.ofSeconds(30), () -> recordingOn(front) == 2);
      fleet.worker("w2", WORKER_CPUS);
      fleet.worker("w3", WORKER_CPUS);
      Fleet.await("three live workers", Duration.ofSeconds(10),
          () -> front.health().liveWorkers() == 3);

      // When four more starts come, one after the other
      for (int i = 0; i < 4; i++) {
        front.start(new RecordingSpec("late_" + i, 320, 180, 15));
      }
      Fleet.await("six recordings on workers", Duration.ofSeconds(30),
          () -> recordingOn(front) == 6);

      // Then they went to the workers with more room, not to whichever read first: 2/2/2
      // (w1, with room for one more, never looked as free as w2 and w3)
      Map<String, Long> perWorker = front.active().stream()
          .collect(Collectors.groupingBy(RecordingView::worker, Collectors.counting()));
      assertThat(perWorker).containsOnly(Map.entry("w1", 2L), Map.entry("w2", 2L),
          Map.entry("w3", 2L));
      for (RecordingView view : front.active()) {
        assertThat(front.stop(view.mintId()).state()).isEqualTo(ClusterState.STOPPED);
      }
    }
  }

  private static long recordingOn(ClusterFront front) {
    return front.active().stream().filter(v -> v.state() == ClusterState.RECORDING
        && v.parts().get(v.parts().size() - 1).state() == PartState.RECORDING).count();
  }
}
