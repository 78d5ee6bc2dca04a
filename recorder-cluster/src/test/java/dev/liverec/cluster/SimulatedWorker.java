package dev.liverec.cluster;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker without media for the dispatch simulation: the real {@link StartQueue} and {@link
 * WorkerLedger} on its own Redis connections, a recording being only a
 * deadline; its loop is {@link WorkerIntake}'s, less the media. Reads starts while it has room, claims them, reports each heartbeat, ends each
 * recording when its time is up; {@link #die()} stops it without a word, like {@code kill -9}.
 */
final class SimulatedWorker implements AutoCloseable {
  /** Reports sent by every simulated worker, so the simulation can tell dispatch from reporting. */
  static final java.util.concurrent.atomic.AtomicLong REPORTS = new java.util.concurrent.atomic.AtomicLong();

  private final String id;
  private final double capacity;
  private final RedisLink redis;
  private final StartQueue queue;
  private final WorkerLedger ledger;
  private final Map<String, long[]> recordings = new ConcurrentHashMap<>(); // mint -> {part, endAt}
  private final Thread loop;
  private final Duration recordingLength;
  private final Duration spreadWait;
  private volatile boolean alive = true;
  private volatile double used;

  SimulatedWorker(String id, double capacity, ClusterConfig cluster, ClientResources resources,
      Duration recordingLength) {
    this.id = id;
    this.capacity = capacity;
    this.recordingLength = recordingLength;
    this.spreadWait = cluster.spreadWait();
    this.redis = new RedisLink(cluster, resources);
    Keys keys = new Keys(cluster.keyPrefix());
    this.queue = new StartQueue(redis, keys, id, cluster.claimIdle());
    this.ledger = new WorkerLedger(redis, keys, id, cluster);
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
        boolean room = queue.wantsStarts(capacity - used);
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
    double free = capacity - used;
    if (cost > free + 1e-9) {
      queue.misfit(cost);
      queue.requeue(m);
      WorkerIntake.pause(300);
      return;
    }
    add(cost);
    StartQueue.Taken taken = queue.take(m, id, free, cost, spreadWait);
    if (taken instanceof StartQueue.Taken.Claimed claimed) {
      recordings.put(mint, new long[] {claimed.part(),
          System.currentTimeMillis() + recordingLength.toMillis(), Double.doubleToLongBits(cost)});
      return;
    }
    add(-cost);
    if (taken instanceof StartQueue.Taken.Requeued) {
      WorkerIntake.pause(300);
    }
  }

  /**
   * One heartbeat: announcement, a report per recording, ends the ones whose time is up. No
   * janitor round: the fronts run it (each runs one); on the beat threads many simulated workers
   * share, a round moving thousands of recordings would hold up other workers' heartbeats, which
   * on machines of their own it does not.
   */
  void heartbeat() {
    if (!alive) {
      return;
    }
    ledger.heartbeat(capacity, used, recordings.size(), false, 0, capacity - used);
    long now = System.currentTimeMillis();
    // every recording's report in one pipelined exchange, as a worker on its own machine would
    // send them without waiting on the other simulated workers' heartbeats
    List<Map.Entry<String, long[]>> current = List.copyOf(recordings.entrySet());
    REPORTS.addAndGet(current.size());
    List<WorkerLedger.Report> outcomes = ledger.reportAll(current.stream()
        .map(e -> new WorkerLedger.PartReport(e.getKey(), (int) e.getValue()[0],
            List.of("0", "state", "RECORDING", "media_ms", "1000")))
        .toList());
    for (int i = 0; i < current.size(); i++) {
      String mint = current.get(i).getKey();
      long[] rec = current.get(i).getValue();
      WorkerLedger.Report r = outcomes.get(i);
      if (r == WorkerLedger.Report.LOST || r == WorkerLedger.Report.STOP || now > rec[1]) {
        if (r != WorkerLedger.Report.LOST) {
          ledger.finish(mint, (int) rec[0], ClusterState.STOPPED, "", PartState.COMPLETE, 0, 0);
        }
        recordings.remove(mint);
        add(-Double.longBitsToDouble(rec[2]));
      }
    }
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
