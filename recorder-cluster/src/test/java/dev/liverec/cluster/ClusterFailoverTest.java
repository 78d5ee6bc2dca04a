package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, scenario 2: {@code kill -9} of a worker process in the middle of four recordings. Its
 * heartbeat expires (3 s here), three recordings continue on the two other workers as part 2 of
 * the same mint_id within 15 s, and the fourth, stopped while its worker lay dead, ends at once
 * instead of staying ACTIVE. The dead worker's uploads are completed into objects that decode.
 */
class ClusterFailoverTest {
  @TempDir Path dir;

  @Test
  void recordingsOfAKilledWorkerContinueElsewhereAndItsUploadsStillPlay() throws Exception {
    try (Fleet fleet = new Fleet(dir, "failover")) {
      ClusterFront front = fleet.front();
      // Given a worker process with room for four recordings, which takes all four
      Process victim = fleet.workerProcess("victim", 0.085);
      Fleet.await("the victim process to join", Duration.ofSeconds(60),
          () -> front.health().liveWorkers() == 1);
      List<String> mints = List.of("fo_0", "fo_1", "fo_2", "fo_3");
      for (String mint : mints) {
        front.start(new RecordingSpec(mint, 320, 180, 15));
      }
      // and two workers in this JVM with room to spare
      fleet.worker("w1", 0.065);
      fleet.worker("w2", 0.065);
      Fleet.await("4 s of media uploaded on the victim", Duration.ofSeconds(60), () -> front.active()
          .stream().filter(v -> "victim".equals(v.worker()))
          .filter(v -> v.stats().mediaDurationMs() >= 4000 && v.parts().get(0).bytes() > 0).count() == 4);

      // When the worker is killed with SIGKILL
      victim.destroyForcibly();
      Instant killed = Instant.now();

      // Then a recording stopped while its worker is dead ends, its part kept
      RecordingView orphan = front.stop("fo_3");
      assertThat(orphan.state()).isEqualTo(ClusterState.STOPPED);
      assertThat(orphan.reason()).contains("victim stopped answering");

      // And the three others continue on other workers as part 2 within 15 s
      Fleet.await("three continuations", Duration.ofSeconds(15), () -> mints.subList(0, 3).stream()
          .map(front::status).allMatch(v -> v.parts().size() == 2
              && v.parts().get(1).state() == PartState.RECORDING));
      Duration failover = Duration.between(killed, Instant.now());
      for (String mint : mints.subList(0, 3)) {
        RecordingView view = front.status(mint);
        assertThat(view.state()).isEqualTo(ClusterState.RECORDING);
        assertThat(view.worker()).isIn("w1", "w2");
        assertThat(view.parts().get(1).gapBeforeMs()).isNotNull();
      }
      Fleet.await("2 s of media in each part 2", Duration.ofSeconds(60), () -> mints.subList(0, 3)
          .stream().map(front::status).allMatch(v -> v.stats().mediaDurationMs() >= 2000));
      for (String mint : mints.subList(0, 3)) {
        assertThat(front.stop(mint).state()).isEqualTo(ClusterState.STOPPED);
      }
      Fleet.await("the dead worker's parts completed", Duration.ofSeconds(30), () -> mints.stream()
          .map(front::status).allMatch(v -> v.parts().get(0).state() == PartState.COMPLETE));
      assertThat(front.active()).isEmpty();

      // Then every part of every mint_id is an object that decodes; the media lost per recording
      // is what the dead worker had recorded (its last report) but not uploaded, plus the gap
      // between its last heartbeat and part 2's start
      StringBuilder figures = new StringBuilder();
      for (String mint : mints) {
        RecordingView view = front.status(mint);
        PartView first = view.parts().get(0);
        ProbeReport one = Parts.decode(fleet, dir, mint, first);
        // the worker reported >= 4 s; what reached the store trails by the fragment being written
        // (1 s), the upload interval and the uploads queued on a loaded machine
        assertThat(one.durationSeconds()).as(one.summary()).isGreaterThanOrEqualTo(1.0);
        if (mint.equals("fo_3")) {
          assertThat(view.parts()).hasSize(1);
          continue;
        }
        PartView second = view.parts().get(1);
        ProbeReport two = Parts.decode(fleet, dir, mint, second);
        assertThat(two.durationSeconds()).as(two.summary()).isGreaterThanOrEqualTo(1.5);
        double notUploadedS = Math.max(0, first.mediaDurationMs() / 1000.0 - one.durationSeconds());
        double lostS = notUploadedS + second.gapBeforeMs() / 1000.0;
        assertThat(lostS).as("media lost by %s", mint).isLessThanOrEqualTo(0.5 + 15);
        figures.append(String.format(Locale.ROOT, "%s: part 1 %.2f s decoded of %.2f s reported, "
            + "gap %d ms, lost %.2f s; ", mint, one.durationSeconds(), first.mediaDurationMs() / 1000.0,
            second.gapBeforeMs(), lostS));
      }
      System.out.println("failover after SIGKILL: continued within " + failover.toMillis() + " ms; "
          + figures);
    }
  }
}
