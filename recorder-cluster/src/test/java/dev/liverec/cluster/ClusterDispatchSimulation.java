package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet past one machine, simulated: many workers without media (the real stream reads,
 * claim, report and finish scripts and janitor, each worker on its own Redis connections) on one
 * real Redis, recordings started through real {@link ClusterFront}s at an even rate. Reports the
 * time from start request to a worker's claim, how evenly load spreads, Redis commands per
 * recording, and how long the failover of many simultaneously dead workers takes. Not in the
 * default build:
 *
 * <pre>
 * mvn -B -ntp -pl recorder-cluster -am verify -Psimulation -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dtest='ClusterDispatchSimulation' -Dsim.workers=1000 -Dsim.recordings=20000 -Dsim.seconds=600 \
 *   -Dsim.capacity=4.0
 * </pre>
 *
 * With {@code sim.capacity} CPUs per worker (a 720p30 recording costs 0.17). A fleet too small
 * for every start refuses the surplus at once and keeps its failover reserve (5 % of its
 * capacity, {@link ClusterConfig#failoverReserve()}) for the dead workers' recordings: the
 * checks are that every start was taken or refused, that the fleet filled up to its reserve,
 * and that every recording of the dead workers records again on a live one.
 */
@Tag("simulation")
class ClusterDispatchSimulation {
  private static final int WORKERS = Integer.getInteger("sim.workers", 1000);
  private static final int RECORDINGS = Integer.getInteger("sim.recordings", 20_000);
  private static final int SECONDS = Integer.getInteger("sim.seconds", 600);
  private static final int DEAD = Integer.getInteger("sim.dead", 50);
  /** CPUs each simulated worker offers (1.6: nine 720p30 recordings; raise it for spare room). */
  private static final double CAPACITY =
      Double.parseDouble(System.getProperty("sim.capacity", "1.6"));

  /**
   * Seconds a silent worker lives on (the fleet's default is 5): on a machine loaded by other
   * work, 1,000 simulated workers' heartbeats can come later than that and live workers get
   * declared dead; a longer TTL keeps them apart, and failover takes that much longer.
   */
  private static final int HEARTBEAT_TTL = Integer.getInteger("sim.ttl", 5);

  @TempDir Path dir;

  @Test
  void dispatchAtFleetScale() throws Exception {
    try (RedisServer redis = RedisServer.start(dir, "everysec")) {
      ClusterConfig cluster = ClusterConfig.builder(redis.uri()).pendingTimeout(Duration.ofSeconds(120))
          .heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(HEARTBEAT_TTL))
          .commandTimeout(Duration.ofSeconds(10)).stopWait(Duration.ofSeconds(5)).build();
      ClientResources shared = DefaultClientResources.builder().ioThreadPoolSize(4)
          .computationThreadPoolSize(2).build();
      // recordings outlast the run, so the failover finds them still recording
      Duration length = Duration.ofSeconds(SECONDS + 600L);
      List<SimulatedWorker> workers = new ArrayList<>();
      // 32 threads beat for 1,000 workers (each on its own machine would beat on its own thread)
      ScheduledExecutorService beats = Executors.newScheduledThreadPool(32);
      Random random = new Random(15);
      for (int i = 0; i < WORKERS; i++) {
        SimulatedWorker w = new SimulatedWorker(String.format("sim-%04d", i), CAPACITY, cluster,
            shared, length);
        workers.add(w);
        beats.scheduleWithFixedDelay(() -> {
          try {
            w.heartbeat();
          } catch (RuntimeException e) {
            // a heartbeat lost to load shows in the failover figures
          }
        }, random.nextInt(1000), 1000, TimeUnit.MILLISECONDS);
      }
      RedisClient probe = RedisClient.create(shared, io.lettuce.core.RedisURI.create(redis.uri()));
      StatefulRedisConnection<String, String> admin = probe.connect();
      Thread.sleep(5000);
      long idle0 = commands(admin);
      Thread.sleep(10_000);
      double idlePerSecond = (commands(admin) - idle0) / 10.0;

      // Starts at an even rate through 8 fronts (each start waits up to 1.5 s for its claim)
      List<ClusterFront> fronts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fronts.add(ClusterFront.open(cluster, "sim"));
      }
      // The reference, interleaved: a bare Redis round trip (PING) every 100 ms on its own connection
      StatefulRedisConnection<String, String> pinger = probe.connect();
      List<Long> pings = java.util.Collections.synchronizedList(new ArrayList<>());
      ScheduledExecutorService pingLoop = Executors.newSingleThreadScheduledExecutor();
      pingLoop.scheduleWithFixedDelay(() -> {
        long t = System.nanoTime();
        pinger.sync().ping();
        pings.add((System.nanoTime() - t) / 1_000_000);
      }, 0, 100, TimeUnit.MILLISECONDS);
      ExecutorService starters = Executors.newFixedThreadPool(64);
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger refusedForReserve = new AtomicInteger();
      long begin = System.nanoTime();
      long commands0 = commands(admin);
      long reports0 = SimulatedWorker.REPORTS.get();
      int[] spreadAtPeak = null;
      for (int i = 0; i < RECORDINGS; i++) {
        long due = begin + (long) i * SECONDS * 1_000_000_000L / RECORDINGS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String mint = "sim_" + i;
        ClusterFront front = fronts.get(i % fronts.size());
        starters.execute(() -> {
          try {
            front.start(new RecordingSpec(mint, 1280, 720, 30));
          } catch (ClusterException e) {
            refused.incrementAndGet();
            if (e.getMessage() != null && e.getMessage().contains("failover reserve")) {
              refusedForReserve.incrementAndGet();
            }
          }
        });
        if (i == RECORDINGS * 9 / 10) {
          spreadAtPeak = workers.stream().mapToInt(SimulatedWorker::recordingCount).toArray();
        }
      }
      starters.shutdown();
      starters.awaitTermination(5, TimeUnit.MINUTES);
      pingLoop.shutdownNow();
      List<Long> rtt = new ArrayList<>(pings);
      rtt.sort(null);
      double runSeconds = (System.nanoTime() - begin) / 1e9;
      long dispatchCommands = commands(admin) - commands0;
      double perRecording = (dispatchCommands - idlePerSecond * runSeconds) / RECORDINGS;
      // of which reports: the REPORT script here is EVALSHA plus 7 commands inside it
      long reports = SimulatedWorker.REPORTS.get() - reports0;
      double dispatchPerRecording = perRecording - reports * 8.0 / RECORDINGS;

      // Start-to-claim latency, from what Redis recorded
      List<Long> latencies = new ArrayList<>();
      int movedDuringStarts = 0; // recordings of live workers declared dead (late heartbeats)
      List<String> recKeys = new ArrayList<>();
      List<String> firstParts = new ArrayList<>();
      for (int i = 0; i < RECORDINGS; i++) {
        recKeys.add("liverec:rec:sim_" + i);
        firstParts.add("liverec:rec:sim_" + i + ":part:1");
      }
      List<Map<String, String>> recs = hgetalls(admin, recKeys);
      List<Map<String, String>> parts1 = hgetalls(admin, firstParts);
      for (int i = 0; i < RECORDINGS; i++) {
        Map<String, String> rec = recs.get(i);
        if (Integer.parseInt(rec.getOrDefault("part", "1")) > 1) {
          movedDuringStarts++;
        }
        String requested = rec.get("requested_at");
        String started = parts1.get(i).get("started_at");
        if (requested != null && started != null) {
          latencies.add(Long.parseLong(started) - Long.parseLong(requested));
        }
      }
      latencies.sort(null);

      // Failover: the DEAD busiest workers die at once
      List<SimulatedWorker> victims = workers.stream()
          .sorted((a, b) -> Integer.compare(b.recordingCount(), a.recordingCount())).limit(DEAD).toList();
      // each orphan with its part at the kill: it has moved once it records a later part
      Map<String, Integer> orphans = new java.util.HashMap<>();
      for (SimulatedWorker v : victims) {
        v.die();
      }
      long killed = System.nanoTime();
      for (SimulatedWorker v : victims) {
        for (String mint : admin.sync().smembers("liverec:worker:" + v.id() + ":recs")) {
          Map<String, String> rec = admin.sync().hgetall("liverec:rec:" + mint);
          if (v.id().equals(rec.get("worker")) && "RECORDING".equals(rec.get("state"))) {
            orphans.put(mint, Integer.parseInt(rec.get("part")));
          }
        }
      }
      long deadline = killed + TimeUnit.MINUTES.toNanos(3);
      int moved = 0;
      List<Map.Entry<String, Integer>> orphanList = List.copyOf(orphans.entrySet());
      long expired = 0; // when the last dead worker's heartbeat key was seen gone
      while (System.nanoTime() < deadline) {
        if (expired == 0 && victims.stream().noneMatch(v -> admin.sync()
            .exists("liverec:worker:" + v.id() + ":alive") > 0)) {
          expired = System.nanoTime();
        }
        moved = 0;
        List<Map<String, String>> now = hgetalls(admin,
            orphanList.stream().map(o -> "liverec:rec:" + o.getKey()).toList());
        for (int i = 0; i < orphanList.size(); i++) {
          Map<String, String> rec = now.get(i);
          if ("RECORDING".equals(rec.get("state"))
              && Integer.parseInt(rec.getOrDefault("part", "0")) > orphanList.get(i).getValue()) {
            moved++;
          }
        }
        if (moved == orphans.size()) {
          break;
        }
        Thread.sleep(100);
      }
      double failoverSeconds = (System.nanoTime() - killed) / 1e9;
      double afterExpiry = expired == 0 ? Double.NaN : (System.nanoTime() - expired) / 1e9;

      int[] spread = spreadAtPeak == null ? new int[0] : spreadAtPeak;
      double mean = Arrays.stream(spread).average().orElse(0);
      double sd = Math.sqrt(Arrays.stream(spread).mapToDouble(c -> (c - mean) * (c - mean)).average().orElse(0));
      String report = String.format(Locale.ROOT, "SIMULATION workers=%d recordings=%d heartbeat-ttl=%d s over %.0f s "
          + "(%d refused, %d of them for the failover reserve; %d moved on from live workers "
          + "declared dead); start-to-claim p50 %d ms, p99 %d ms, max %d ms; recordings per worker at "
          + "90%% of the starts: min %d, mean %.2f, max %d, sd %.2f; Redis commands: idle fleet %.0f/s, "
          + "%.1f per recording beyond that (%.1f reports of 8 each, %.1f for start and claim); Redis PING round trip meanwhile p50 %d ms, p99 %d ms; failover of %d dead workers (%d recordings): all moved "
          + "in %.1f s (%d of %d), %.2f s after the last dead worker's heartbeat key expired", WORKERS, RECORDINGS, HEARTBEAT_TTL, runSeconds, refused.get(),
          refusedForReserve.get(), movedDuringStarts,
          pct(latencies, 0.50), pct(latencies, 0.99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
          Arrays.stream(spread).min().orElse(0), mean, Arrays.stream(spread).max().orElse(0), sd,
          idlePerSecond, perRecording, reports / (double) RECORDINGS, dispatchPerRecording, pct(rtt, 0.50), pct(rtt, 0.99), DEAD, orphans.size(), failoverSeconds, moved, orphans.size(), afterExpiry);
      System.out.println(report);
      java.nio.file.Files.writeString(Path.of("target", "simulation.txt"), report + "\n");

      beats.shutdownNow();
      for (ClusterFront f : fronts) {
        f.close();
      }
      workers.forEach(SimulatedWorker::die); // all loops end within one read's block time
      for (SimulatedWorker w : workers) {
        w.close();
      }
      admin.close();
      pinger.close();
      probe.shutdown();
      shared.shutdown();
      // Every start was taken by a worker or refused at once (none waited out its pending
      // timeout), the fleet filled up to its failover reserve (nothing refused while room was
      // left), and every recording of the dead workers records again on a live one.
      double cost = new RecordingSpec("x", 1280, 720, 30).cost();
      int places = WORKERS * (int) Math.floor(CAPACITY / cost + 1e-9);
      int placeable = Math.min(RECORDINGS, places - (int) Math.floor(places * cluster.failoverReserve()));
      assertThat(latencies.size() + refused.get()).isEqualTo(RECORDINGS);
      assertThat(latencies).hasSizeGreaterThanOrEqualTo(placeable * 99 / 100);
      assertThat(moved).isEqualTo(orphans.size());
    }
  }

  /** HGETALL of many keys in one pipelined exchange (one round trip, not one per key). */
  private static List<Map<String, String>> hgetalls(StatefulRedisConnection<String, String> admin,
      List<String> keys) throws Exception {
    List<io.lettuce.core.RedisFuture<Map<String, String>>> replies = new ArrayList<>();
    for (String key : keys) {
      replies.add(admin.async().hgetall(key));
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (var reply : replies) {
      out.add(reply.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  private static long pct(List<Long> sorted, double q) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  private static long commands(StatefulRedisConnection<String, String> admin) {
    String info = admin.sync().info("stats");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return 0;
  }
}
