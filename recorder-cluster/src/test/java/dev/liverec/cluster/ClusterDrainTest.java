package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, scenario 5: a worker told to drain (what SIGTERM does through {@link Worker#close()})
 * takes no new work and hands its recordings over to a worker with room, completing its own part
 * of each; the last worker, with nowhere to hand over, ends its recordings cleanly. No object is
 * left incomplete and nothing stays active.
 */
class ClusterDrainTest {
  @TempDir Path dir;

  @Test
  void aDrainingWorkerHandsOverOrEndsItsRecordingsWithinItsDrainTime() throws Exception {
    try (Fleet fleet = new Fleet(dir, "drain")) {
      ClusterFront front = fleet.front();
      Worker first = fleet.worker("first", 0.045);
      Fleet.await("the first worker", Duration.ofSeconds(10), () -> front.health().liveWorkers() == 1);
      List<String> mints = List.of("dr_0", "dr_1");
      for (String mint : mints) {
        front.start(new RecordingSpec(mint, 320, 180, 15));
      }
      Worker second = fleet.worker("second", 0.065);
      Fleet.await("2 s of media each on the first worker", Duration.ofSeconds(60), () -> front.active()
          .stream().filter(v -> "first".equals(v.worker()) && v.stats().mediaDurationMs() >= 2000)
          .count() == 2);

      // When the first worker drains
      long before = System.nanoTime();
      first.drain();
      Duration took = Duration.ofNanos(System.nanoTime() - before);

      // Then it finished within its drain time, its recordings continue on the second worker
      assertThat(took).isLessThan(Duration.ofSeconds(20));
      assertThat(first.recordingCount()).isZero();
      Fleet.await("both continuing on the second worker", Duration.ofSeconds(20), () -> mints.stream()
          .map(front::status).allMatch(v -> "second".equals(v.worker()) && v.parts().size() == 2
              && v.parts().get(1).state() == PartState.RECORDING));
      for (String mint : mints) {
        assertThat(front.status(mint).parts().get(0).state()).isEqualTo(PartState.COMPLETE);
      }
      // and new work goes to the second worker only
      front.start(new RecordingSpec("dr_2", 320, 180, 15));
      Fleet.await("dr_2 on the second worker", Duration.ofSeconds(20),
          () -> "second".equals(front.status("dr_2").worker()));
      assertThat(front.health().workers()).filteredOn(w -> w.id().equals("first"))
          .allSatisfy(w -> assertThat(w.draining()).isTrue());

      // When the last worker drains, with no other worker to take its recordings
      Fleet.await("1 s of media each on the second worker", Duration.ofSeconds(60), () -> front.active()
          .stream().allMatch(v -> v.stats().mediaDurationMs() >= 1000));
      second.drain();

      // Then they end cleanly, and every part is a complete object that decodes
      for (String mint : List.of("dr_0", "dr_1", "dr_2")) {
        RecordingView view = front.status(mint);
        assertThat(view.state()).as(mint).isEqualTo(ClusterState.STOPPED);
        assertThat(view.parts()).allSatisfy(p -> assertThat(p.state()).isEqualTo(PartState.COMPLETE));
        for (PartView part : view.parts()) {
          Parts.decode(fleet, dir, mint, part);
        }
      }
      assertThat(front.active()).isEmpty();
    }
  }
}
