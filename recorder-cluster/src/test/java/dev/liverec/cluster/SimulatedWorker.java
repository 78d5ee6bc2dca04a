package dev.liverec.cluster;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker without media for the dispatch simulation: the real {@link StartQueue}, {@link
 * WorkerLedger} and {@link Janitor} on its own Redis connections, a recording being only a
 * deadline; its loop is {@link WorkerIntake}'s, less the media. Reads starts while it has room, claims them, reports each heartbeat, ends each
 * recording when its time is up; {@link #die()} stops it without a word, like {@code kill -9}.
 */
final class SimulatedWorker implements AutoCloseable {
  private final String id;
  private final double capacity;
  private final RedisLink redis;
  private final StartQueue queue;
  private final WorkerLedger ledger;
  private final Janitor janitor;
  private final Map<String, long[]> recordings = new ConcurrentHashMap<>(); // mint -> {part, endAt}
  private final Thread loop;
  private final Duration recordingLength;
  private volatile boolean alive = true;
  private volatile double used;

  SimulatedWorker(String id, double capacity, ClusterConfig cluster, ClientResources resources,
      Duration recordingLength) {
    this.id = id;
    this.capacity = capacity;
    this.recordingLength = recordingLength;
    this.redis = new RedisLink(cluster, resources);
    Keys keys = new Keys(cluster.keyPrefix());
    this.queue = new StartQueue(redis, keys, id, cluster.claimIdle());
    this.ledger = new WorkerLedger(redis, keys, id, cluster);
    this.janitor = new Janitor(redis, keys, cluster);
    queue.ensureGroups();
    heartbeat();
    this.loop = new Thread(this::take, "sim-" + id);
    loop.setDaemon(true);
    loop.start();
  }

  String id() {
    return id;
  }

  int recordingCount() {
    return recordings.size();
  }

  boolean alive() {
    return alive;
  }

  private void take() {
    long lastReclaim = 0;
    while (alive) {
      try {
        boolean room = capacity - used >= RecordingCost.MINIMUM_CPUS;
        List<StreamMessage<String, String>> messages = List.of();
        if (System.currentTimeMillis() - lastReclaim > 2500) {
          lastReclaim = System.currentTimeMillis();
          messages = queue.reclaim(room);
        }
        if (messages.isEmpty()) {
          messages = queue.read(room, Duration.ofMillis(500));
        }
        for (StreamMessage<String, String> m : messages) {
          if (!alive) {
            return; // dead workers acknowledge nothing
          }
          if (queue.isStart(m)) {
            start(m);
          } else {
            queue.ack(m); // no media: nothing to complete
          }
        }
      } catch (RuntimeException e) {
        WorkerIntake.pause(200);
      }
    }
  }

  private void start(StreamMessage<String, String> m) {
    String mint = m.getBody().get("mint_id");
    double cost = Double.parseDouble(m.getBody().get("cost"));
    if (cost > capacity - used + 1e-9 || !queue.evenSpread(m, capacity - used, cost)) {
      queue.requeue(m);
      WorkerIntake.pause(300);
      return;
    }
    add(cost);
    ledger.offerFree(capacity - used);
    OptionalInt part = ledger.claim(mint, m.getBody().get("request_id"));
    queue.ack(m);
    if (part.isEmpty()) {
      add(-cost);
      return;
    }
    recordings.put(mint, new long[] {part.getAsInt(),
        System.currentTimeMillis() + recordingLength.toMillis(), Double.doubleToLongBits(cost)});
  }

  /** One heartbeat: announcement, a report per recording, ends the ones whose time is up. */
  void heartbeat() {
    if (!alive) {
      return;
    }
    ledger.heartbeat(capacity, used, recordings.size(), false, 0, capacity - used);
    long now = System.currentTimeMillis();
    for (Map.Entry<String, long[]> e : recordings.entrySet()) {
      String mint = e.getKey();
      int part = (int) e.getValue()[0];
      WorkerLedger.Report r = ledger.report(mint, part,
          List.of("0", "state", "RECORDING", "media_ms", "1000"));
      if (r == WorkerLedger.Report.LOST || r == WorkerLedger.Report.STOP || now > e.getValue()[1]) {
        if (r != WorkerLedger.Report.LOST) {
          ledger.finish(mint, part, ClusterState.STOPPED, "", PartState.COMPLETE, 0, 0);
        }
        recordings.remove(mint);
        add(-Double.longBitsToDouble(e.getValue()[2]));
      }
    }
    janitor.tick();
  }

  private synchronized void add(double cost) {
    used += cost;
  }

  /** Stops answering at once, as a killed process would. */
  void die() {
    alive = false;
  }

  @Override
  public void close() throws InterruptedException {
    alive = false;
    loop.join(2000);
    redis.close();
  }
}
