package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change of a recording is written to the fleet's events stream by the script that makes it,
 * so a recording never ends without its {@code recording_ended}, whichever way it ends: a stop
 * before any worker took it, its worker's report, the janitor when no worker took it in time.
 * A front that took events and never settled them (it hung, or died) leaves them to another
 * front, which hands them on with the same ids. Redis and the scripts only: no media.
 */
class ClusterEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  /** What a sink was handed, in order. */
  private final List<ClusterEvent> handed = new CopyOnWriteArrayList<>();

  @Test
  void everyWayARecordingEndsWritesItsEventAndUnsettledEventsGoToAnotherFront() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      ClusterConfig cluster = ClusterConfig.builder(redis.uri())
          .heartbeat(Duration.ofMillis(300), Duration.ofSeconds(20))
          .pendingTimeout(Duration.ofSeconds(2)).eventClaimIdle(Duration.ofMillis(500)).build();
      Keys keys = new Keys(cluster.keyPrefix());
      List<ClusterEvent> hung = new CopyOnWriteArrayList<>();
      try (RedisLink link = new RedisLink(cluster);
          ClusterFront front = ClusterFront.open(cluster, "bucket")) {
        // Given a front that takes events and never settles them (it hangs)
        front.sendEvents((event, settled) -> hung.add(event));
        WorkerLedger w1 = new WorkerLedger(link, keys, "w1", cluster);
        w1.heartbeat(1, 0, 0, false, 0, 1.0);

        // When a worker takes a start, its recorder dies once (a next part), and it reports the end
        front.start(spec("reported"));
        StartQueue queue = new StartQueue(link, keys, "w1", cluster.claimIdle());
        queue.ensureGroups();
        StreamMessage<String, String> start = queue.read(true, Duration.ofSeconds(2)).get(0);
        StartQueue.Taken taken = queue.take(start, "w1", 1.0, spec("reported").cost(),
            Duration.ZERO);
        assertThat(taken).isEqualTo(new StartQueue.Taken.Claimed(1));
        assertThat(w1.nextPart("reported", 1, PartState.INTERRUPTED, 10, 100,
            System.currentTimeMillis(), "its recorder process died").part()).isEqualTo(2);
        w1.finish("reported", 2, ClusterState.STOPPED, "", PartState.COMPLETE, 2048, 1000);

        // And a queued start is stopped, and another one no worker takes runs out of time
        front.start(spec("stopped_queued"));
        front.stop("stopped_queued");
        front.start(spec("never_taken"));
        Fleet.await("the pending timeout", WAIT, () -> front.status("never_taken").state().isFinal());

        // Then the hung front got every change, in order, each recording's ending among them
        Fleet.await("the hung front has the last event", WAIT,
            () -> hung.stream().anyMatch(e -> e.mintId().equals("never_taken")
                && e.name().equals("recording_ended")));
        assertThat(changes(hung, "reported")).containsExactly(
            "recording_started:PENDING", "recording_updated:RECORDING",
            "recording_updated:RECORDING", "recording_ended:STOPPED");
        assertThat(of(hung, "reported").get(1).fact("kind")).isEqualTo("state");
        assertThat(of(hung, "reported").get(1).fact("from")).isEqualTo("PENDING");
        ClusterEvent restarted = of(hung, "reported").get(2);
        assertThat(restarted.fact("kind")).isEqualTo("failover");
        assertThat(restarted.fact("part")).isEqualTo("2");
        assertThat(restarted.fact("to_worker")).isEqualTo("w1");
        assertThat(restarted.fact("reason")).contains("recorder process died");
        ClusterEvent ended = of(hung, "reported").get(3);
        assertThat(ended.fact("worker")).isEqualTo("w1");
        assertThat(ended.recording()).isNotNull();
        assertThat(ended.recording().fileSize()).as("the part's bytes, written with the end")
            .isEqualTo(2058);

        assertThat(changes(hung, "stopped_queued"))
            .containsExactly("recording_started:PENDING", "recording_ended:STOPPED");
        assertThat(of(hung, "stopped_queued").get(1).fact("reason"))
            .contains("before a worker took it");
        assertThat(changes(hung, "never_taken"))
            .containsExactly("recording_started:PENDING", "recording_ended:FAILED");
        assertThat(of(hung, "never_taken").get(1).fact("reason"))
            .contains("no worker with capacity took it");
        assertThat(hung).extracting(ClusterEvent::id).doesNotHaveDuplicates();
      }

      // When the hung front is gone and another front sends events
      try (ClusterFront other = ClusterFront.open(cluster, "bucket")) {
        other.sendEvents((event, settled) -> {
          handed.add(event);
          settled.accept(true);
        });
        // Then it gets every event the hung front left, after the claim idle time, same ids
        Fleet.await("the other front took them over", WAIT, () -> handed.size() >= hung.size());
        assertThat(handed).extracting(ClusterEvent::id)
            .containsExactlyInAnyOrderElementsOf(hung.stream().map(ClusterEvent::id)
                .toList());
        // And once settled they are acknowledged: none is pending in the group any more
        Fleet.await("every event acknowledged", WAIT, () -> pending(cluster, keys) == 0);
      }
    }
  }

  private static RecordingSpec spec(String mint) {
    return new RecordingSpec(mint, 320, 180, 15);
  }

  private static List<ClusterEvent> of(List<ClusterEvent> events, String mint) {
    return events.stream().filter(e -> e.mintId().equals(mint)).toList();
  }

  /** Each event of a recording as name:state-it-reports. */
  private static List<String> changes(List<ClusterEvent> events, String mint) {
    return of(events, mint).stream().map(e -> e.name() + ":" + e.fact("to")).toList();
  }

  private static long pending(ClusterConfig cluster, Keys keys) {
    try (RedisLink link = new RedisLink(cluster)) {
      return link.call(r -> r.xpending(keys.events(), Keys.WEBHOOKS_GROUP)).getCount();
    }
  }
}
