package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The janitor moves a dead worker's recordings {@link Janitor#BATCH} to a round trip, on a real
 * Redis, and each recording still moves exactly once: with four fronts' janitors running rounds
 * at the same time, and with moves racing outside the lock (a janitor that lost its lock to a
 * pause). A recording a live worker owns is never moved, a stop asked while the worker died ends
 * the recording.
 */
class JanitorBatchTest {
  private static final int DEAD_RECORDINGS = 250; // two full batches and a part one
  private static final int STOPPING = 10; // of them, a stop was asked for

  @TempDir Path dir;

  private RedisServer redis;
  private ClusterConfig cluster;
  private final Keys keys = new Keys("liverec");
  private final List<RedisLink> links = new ArrayList<>();
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledExecutorService fronts = Executors.newScheduledThreadPool(4);
  private RedisLink link;
  private final List<String> deadMints = IntStream.range(0, DEAD_RECORDINGS)
      .mapToObj(i -> "dead_" + i).toList();
  private final List<String> liveMints = IntStream.range(0, 20).mapToObj(i -> "live_" + i).toList();

  @BeforeEach
  void givenADeadWorkerAndALiveOne() throws Exception {
    redis = RedisServer.start(dir);
    cluster = ClusterConfig.builder(redis.uri())
        .heartbeat(Duration.ofMillis(250), Duration.ofSeconds(1)).build();
    link = link();
    // a live worker beating every 250 ms, recording 20 recordings
    WorkerLedger live = new WorkerLedger(link, keys, "live", cluster);
    live.heartbeat(4.0, 0, 20, false, 0, 4.0);
    beats.scheduleWithFixedDelay(() -> live.heartbeat(4.0, 0, 20, false, 0, 4.0), 250, 250,
        TimeUnit.MILLISECONDS);
    liveMints.forEach(mint -> recording("live", mint, false));
    // a worker that beat once (its heartbeat key lives 1 s) and holds 250 recordings, ten of them
    // asked to stop
    new WorkerLedger(link, keys, "dead", cluster).heartbeat(4.0, 0, DEAD_RECORDINGS, false, 0, 4.0);
    for (int i = 0; i < DEAD_RECORDINGS; i++) {
      recording("dead", deadMints.get(i), i < STOPPING);
    }
    // and, still in the dead worker's set, a recording that already moved to the live worker
    recording("live", "moved_before", false);
    link.call(r -> r.sadd(keys.workerRecordings("dead"), "moved_before"));
  }

  @AfterEach
  void stop() throws Exception {
    beats.shutdownNow();
    fronts.shutdownNow();
    links.forEach(RedisLink::close);
    redis.close();
  }

  @Test
  void fourFrontsJanitorsMoveEveryRecordingOfADeadWorkerOnceInOneRound() throws Exception {
    // When four fronts run janitor rounds at the same time, every 50 ms, until the dead worker is
    // gone from the fleet
    List<AtomicInteger> movedBy = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Janitor janitor = new Janitor(link(), keys, cluster);
      AtomicInteger moved = new AtomicInteger();
      movedBy.add(moved);
      fronts.scheduleWithFixedDelay(() -> moved.addAndGet(janitor.tick()), 0, 50,
          TimeUnit.MILLISECONDS);
    }
    Fleet.await("the dead worker declared dead", Duration.ofSeconds(15), () -> !isMember("dead"));
    fronts.shutdown();
    assertThat(fronts.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    List<Integer> moved = movedBy.stream().map(AtomicInteger::get).toList();

    // Then the dead worker left the fleet and one janitor moved all its recordings: the lock
    // covered its round of three batches, the others found nothing left to do
    assertThat(isMember("dead")).isFalse();
    assertThat(moved).containsExactlyInAnyOrder(DEAD_RECORDINGS, 0, 0, 0);
    thenEachRecordingMovedExactlyOnce();
  }

  @Test
  void movesRacingOutsideTheLockStillMoveEachRecordingOnce() throws Exception {
    Fleet.await("the dead worker's heartbeat to expire", Duration.ofSeconds(10),
        () -> link.call(r -> r.exists(keys.alive("dead"))) == 0);
    // When four janitors move the dead worker's recordings at once, each in its own order, as
    // janitors whose lock expired during a pause would
    List<Callable<Integer>> moves = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Janitor janitor = new Janitor(link(), keys, cluster);
      List<String> order = new ArrayList<>(deadMints);
      order.add("moved_before");
      Collections.shuffle(order, new Random(i));
      moves.add(() -> {
        int moved = 0;
        for (int from = 0; from < order.size(); from += Janitor.BATCH) {
          moved += janitor.moveOn("dead", order.subList(from, Math.min(order.size(),
              from + Janitor.BATCH)), true, "worker dead stopped answering");
        }
        return moved;
      });
    }
    int total = 0;
    for (Future<Integer> f : fronts.invokeAll(moves, 30, TimeUnit.SECONDS)) {
      total += f.get();
    }

    // Then the four together moved each recording once
    assertThat(total).isEqualTo(DEAD_RECORDINGS);
    thenEachRecordingMovedExactlyOnce();
  }

  private void thenEachRecordingMovedExactlyOnce() {
    // each continuation queued once, under a new request id, and each dead part's upload queued
    // once for completion
    List<StreamMessage<String, String>> starts = link.call(r -> r.xrange(keys.starts(),
        io.lettuce.core.Range.create("-", "+")));
    Map<String, Long> startsByMint = starts.stream()
        .collect(Collectors.groupingBy(m -> m.getBody().get("mint_id"), Collectors.counting()));
    assertThat(startsByMint).hasSize(DEAD_RECORDINGS - STOPPING).allSatisfy((mint, n) -> {
      assertThat(n).as(mint).isEqualTo(1);
      assertThat(deadMints).contains(mint);
    });
    Map<String, Long> completions = link.call(r -> r.xrange(keys.completions(),
        io.lettuce.core.Range.create("-", "+"))).stream()
        .collect(Collectors.groupingBy(m -> m.getBody().get("mint_id") + "/" + m.getBody().get("part"),
            Collectors.counting()));
    assertThat(completions).hasSize(DEAD_RECORDINGS).allSatisfy((part, n) -> {
      assertThat(n).as(part).isEqualTo(1);
      assertThat(part).endsWith("/1");
    });
    // the recordings wait for a worker as their part 2, the ones asked to stop ended
    for (int i = 0; i < DEAD_RECORDINGS; i++) {
      String mint = deadMints.get(i);
      Map<String, String> rec = link.call(r -> r.hgetall(keys.recording(mint)));
      if (i < STOPPING) {
        assertThat(rec).as(mint).containsEntry("state", "STOPPED").containsEntry("part", "1");
        assertThat(rec.get("reason")).contains("dead stopped answering");
      } else {
        assertThat(rec).as(mint).containsEntry("state", "FAILING_OVER").containsEntry("part", "2")
            .containsEntry("worker", "");
        String requestId = rec.get("request_id");
        assertThat(starts).filteredOn(m -> mint.equals(m.getBody().get("mint_id")))
            .singleElement().satisfies(m -> assertThat(m.getBody()).containsEntry("request_id", requestId));
      }
      String partState = link.call(r -> r.hget(keys.part(mint, 1), "state"));
      assertThat(partState).as(mint).isEqualTo("INTERRUPTED");
    }
    long pending = link.call(r -> r.zcard(keys.pending()));
    assertThat(pending).isEqualTo(DEAD_RECORDINGS - STOPPING);
    Set<String> leftOnDead = link.call(r -> r.smembers(keys.workerRecordings("dead")));
    assertThat(leftOnDead).isEmpty();
    // and nothing the live worker records moved, not even the one left in the dead worker's set
    List<String> live = new ArrayList<>(liveMints);
    live.add("moved_before");
    for (String mint : live) {
      Map<String, String> rec = link.call(r -> r.hgetall(keys.recording(mint)));
      assertThat(rec).as(mint)
          .containsEntry("worker", "live").containsEntry("part", "1")
          .containsEntry("state", "RECORDING");
    }
  }

  /** A recording in the state {@link Scripts#TAKE} leaves it in, part 1 on {@code worker}. */
  private void recording(String worker, String mint, boolean stopAsked) {
    String now = Long.toString(System.currentTimeMillis());
    Map<String, String> rec = new HashMap<>(Map.of("mint_id", mint, "run", "r1",
        "state", stopAsked ? "STOPPING" : "RECORDING", "part", "1", "worker", worker,
        "request_id", "req-" + mint, "cost", "0.17", "updated_at", now, "started_at", now));
    if (stopAsked) {
      rec.put("stop_requested", "1");
    }
    link.call(r -> {
      r.hset(keys.recording(mint), rec);
      r.hset(keys.part(mint, 1), Map.of("part", "1", "worker", worker, "state", "RECORDING",
          "started_at", now, "key", "rec/" + mint + "/1.mp4", "upload_id", "u-" + mint));
      r.sadd(keys.active(), mint);
      r.sadd(keys.workerRecordings(worker), mint);
      return null;
    });
  }

  private boolean isMember(String worker) {
    return link.call(r -> r.sismember(keys.workers(), worker));
  }

  private RedisLink link() {
    RedisLink l = new RedisLink(cluster);
    links.add(l);
    return l;
  }
}
