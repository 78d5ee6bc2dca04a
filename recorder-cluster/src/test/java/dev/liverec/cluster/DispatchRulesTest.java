package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's dispatch rules at the size of a unit test: a real Redis and workers that record
 * nothing ({@link SimulatedWorker}: the real stream reads, take script, reports and janitor). Even
 * spread gives way once a start has waited the spread wait, and the failover reserve refuses new
 * recordings while a dead worker's recording still finds its place in it.
 */
class DispatchRulesTest {
  @TempDir Path dir;

  private RedisServer redis;
  private ClientResources resources;
  private final ScheduledExecutorService beats = Executors.newScheduledThreadPool(2);
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServer.start(dir);
    resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    beats.shutdownNow();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    resources.shutdown();
    redis.close();
  }

  @Test
  void aStartThatWaitedPastTheSpreadWaitGoesToAWorkerWithLessRoom() {
    ClusterConfig cluster = ClusterConfig.builder(redis.uri()).spreadWait(Duration.ofSeconds(2))
        .build();
    RedisLink link = opened(new RedisLink(cluster, resources));
    Keys keys = new Keys(cluster.keyPrefix());
    // Given a worker offering room for eleven recordings whose dispatch loop is stalled (it
    // announces itself, it reads nothing), and a busy one with room for two
    WorkerLedger stalled = new WorkerLedger(link, keys, "stalled", cluster);
    beats.scheduleWithFixedDelay(() -> stalled.heartbeat(2.0, 0, 0, false, 0, 2.0), 0, 1,
        TimeUnit.SECONDS);
    SimulatedWorker busy = worker("busy", 0.4, cluster);
    ClusterFront front = opened(ClusterFront.open(cluster, "rules"));

    // When a 720p30 recording starts
    front.start(new RecordingSpec("waits_for_room", 1280, 720, 30));
    Fleet.await("the start taken", Duration.ofSeconds(20),
        () -> front.status("waits_for_room").state() == ClusterState.RECORDING);

    // Then the busy worker took it, but only once it had waited the spread wait: before, it put
    // it back for the worker with more room
    RecordingView view = front.status("waits_for_room");
    assertThat(view.worker()).isEqualTo("busy");
    assertThat(busy.recordingCount()).isEqualTo(1);
    assertThat(Duration.between(view.requestedAt(), view.startedAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
    List<StreamMessage<String, String>> copies = link.call(r -> r.xrange(keys.starts(),
        Range.create("-", "+")));
    assertThat(copies).extracting(StartQueue::bounces).hasSizeGreaterThan(1).contains(1);
  }

  @Test
  void newStartsStopAtTheReserveWhileADeadWorkersRecordingStillUsesIt() {
    // A fleet of three workers with room for two 720p30 recordings each (0.17 CPU of 0.35),
    // keeping a third of its capacity (two recordings) for failover
    ClusterConfig cluster = ClusterConfig.builder(redis.uri())
        .heartbeat(Duration.ofMillis(250), Duration.ofSeconds(2)).failoverReserve(0.34)
        .spreadWait(Duration.ofSeconds(5)).build(); // a generous wait: the spread is part of the story
    List<SimulatedWorker> workers = List.of(worker("w1", 0.35, cluster),
        worker("w2", 0.35, cluster), worker("w3", 0.35, cluster));
    ClusterFront front = opened(ClusterFront.open(cluster, "rules"));

    // Given four recordings: six places less the two kept
    for (int i = 0; i < 4; i++) {
      String mint = "rec_" + i;
      front.start(new RecordingSpec(mint, 1280, 720, 30));
      Fleet.await(mint + " taken", Duration.ofSeconds(20),
          () -> front.status(mint).state() == ClusterState.RECORDING);
    }

    // When a fifth starts, it is refused at once with the reserve as the reason
    assertThatThrownBy(() -> front.start(new RecordingSpec("rec_4", 1280, 720, 30)))
        .isInstanceOf(NoCapacityException.class)
        .hasMessageContaining("only the failover reserve is left")
        .hasMessageContaining("2 are kept for the recordings of workers that die");

    // And when a worker holding one recording dies, that recording continues in the reserve
    Map<String, List<String>> byWorker = front.active().stream().collect(
        Collectors.groupingBy(RecordingView::worker,
            Collectors.mapping(RecordingView::mintId, Collectors.toList())));
    assertThat(byWorker.values()).extracting(List::size).containsExactlyInAnyOrder(2, 1, 1);
    String victim = byWorker.entrySet().stream().filter(e -> e.getValue().size() == 1)
        .findFirst().orElseThrow().getKey();
    String orphan = byWorker.get(victim).get(0);
    workers.stream().filter(w -> w.id().equals(victim)).findFirst().orElseThrow().die();
    Fleet.await(orphan + " recording again on another worker", Duration.ofSeconds(20), () -> {
      RecordingView v = front.status(orphan);
      return v.state() == ClusterState.RECORDING && v.parts().size() == 2
          && !victim.equals(v.worker());
    });
    assertThat(front.active()).hasSize(4)
        .allMatch(v -> v.state() == ClusterState.RECORDING && !victim.equals(v.worker()));
  }

  private SimulatedWorker worker(String id, double cpus, ClusterConfig cluster) {
    SimulatedWorker w = opened(new SimulatedWorker(id, cpus, cluster, resources,
        Duration.ofMinutes(5)));
    long every = cluster.heartbeatInterval().toMillis();
    beats.scheduleWithFixedDelay(w::heartbeat, every, every, TimeUnit.MILLISECONDS);
    return w;
  }

  private <T extends AutoCloseable> T opened(T thing) {
    open.add(thing);
    return thing;
  }
}
