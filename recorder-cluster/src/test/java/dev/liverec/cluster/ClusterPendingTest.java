package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing stays ACTIVE forever, even when no worker ever takes a start: a worker announces room
 * and then never reads (it hangs, or dies before its first read). Its start waits PENDING, ends
 * FAILED with the reason after the pending timeout, and a PENDING start can be stopped at once.
 * No media here: Redis and the fronts only.
 */
class ClusterPendingTest {
  @TempDir Path dir;

  @Test
  void aStartNoWorkerTakesEndsAfterThePendingTimeoutAndAPendingOneStopsAtOnce() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      ClusterConfig cluster = ClusterConfig.builder(redis.uri())
          .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(6))
          .pendingTimeout(Duration.ofSeconds(10)).build();
      try (ClusterFront front = ClusterFront.open(cluster, "bucket");
          RedisLink link = new RedisLink(cluster)) {
        // Given a worker that announced room for one 320x180 recording, then went silent
        new WorkerLedger(link, new Keys(cluster.keyPrefix()), "silent", cluster)
            .heartbeat(0.02, 0, 0, false, 0, 0.02);

        // When two starts come in (each waits 1.5 s for a worker to take it)
        RecordingView waiting = front.start(new RecordingSpec("never_taken", 320, 180, 15));
        RecordingView stopped = front.start(new RecordingSpec("stopped_early", 320, 180, 15));
        assertThat(waiting.state()).isEqualTo(ClusterState.PENDING);
        assertThat(front.active()).hasSize(2);

        // Then a stop of a PENDING one ends it at once
        RecordingView stop = front.stop("stopped_early");
        assertThat(stop.state()).isEqualTo(ClusterState.STOPPED);
        assertThat(stop.reason()).contains("before a worker took it");
        assertThat(stop.parts()).isEmpty();

        // And the other one ends FAILED with the reason once the pending timeout passed
        Fleet.await("the pending timeout", Duration.ofSeconds(20),
            () -> front.status("never_taken").state().isFinal());
        RecordingView failed = front.status("never_taken");
        assertThat(failed.state()).isEqualTo(ClusterState.FAILED);
        assertThat(failed.reason()).contains("no worker with capacity took it within 10 s");
        assertThat(front.active()).isEmpty();

        // And with the silent worker declared dead, the fleet refuses new starts with a reason
        Fleet.await("the silent worker declared dead", Duration.ofSeconds(20),
            () -> front.health().workers().isEmpty());
        assertThatThrownBy(() -> front.start(new RecordingSpec("nobody_home", 320, 180, 15)))
            .isInstanceOf(NoCapacityException.class)
            .hasMessageContaining("no recording worker is running");
        assertThatThrownBy(() -> front.status("nobody_home"))
            .isInstanceOf(RecordingNotFoundException.class);
      }
    }
  }
}
