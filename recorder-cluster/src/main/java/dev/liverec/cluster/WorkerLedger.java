package dev.liverec.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one worker writes to Redis: its announcement and heartbeat, and the transitions of the
 * parts it records (claim, report, finish, hand to a completer). Each transition is one atomic
 * {@link Scripts} call.
 */
final class WorkerLedger {
  /** What a report learned about a part. */
  enum Report { OK, STOP, LOST }

  private final RedisLink redis;
  private final Keys keys;
  private final String me;
  private final ClusterConfig cluster;

  WorkerLedger(RedisLink redis, Keys keys, String workerId, ClusterConfig cluster) {
    this.redis = redis;
    this.keys = keys;
    this.me = workerId;
    this.cluster = cluster;
  }

  /**
   * Refreshes the heartbeat key and the announcement.
   *
   * @param free capacity offered to fronts, or null to offer none (draining, buffer full)
   */
  void heartbeat(double capacity, double used, int recordings, boolean draining, long bufferBytes,
      @Nullable Double free) {
    redis.script(FleetScripts.HEARTBEAT, new String[] {keys.alive(me), keys.worker(me), keys.workers(),
            keys.freeCapacity(), keys.capacity()},
        me, Long.toString(System.currentTimeMillis()), Long.toString(cluster.heartbeatTtl().toMillis()),
        Double.toString(capacity), Double.toString(used), Integer.toString(recordings),
        draining ? "1" : "0", Long.toString(bufferBytes), free == null ? "" : Double.toString(free));
  }

  /** Leaves the fleet: out of the set first, so a janitor never sees a member without a heartbeat. */
  void leave() {
    redis.call(r -> {
      r.srem(keys.workers(), me);
      r.zrem(keys.freeCapacity(), me);
      r.hdel(keys.capacity(), me);
      r.del(keys.alive(me), keys.worker(me), keys.workerRecordings(me));
      return null;
    });
  }

  /** The recording's spec and run id, as the front created it. */
  Map<String, String> recording(String mint) {
    return redis.call(r -> r.hgetall(keys.recording(mint)));
  }

  /** Records where a part's object goes, before anything is uploaded to it. */
  void announceObject(String mint, int part, String key, String uploadId) {
    redis.call(r -> r.hset(keys.part(mint, part), Map.of("key", key, "upload_id", uploadId)));
  }

  /**
   * One part's report for {@link #reportAll}: n, then n field/value pairs for the recording,
   * then pairs for the part (see {@link Scripts#REPORT}).
   */
  record PartReport(String mint, int part, List<String> fields) {}

  /**
   * Writes parts' status in one pipelined exchange; the outcomes in the same order, each telling
   * whether a stop was asked for or the part was moved off this worker.
   */
  List<Report> reportAll(List<PartReport> reports) {
    String now = Long.toString(System.currentTimeMillis());
    List<String[]> keyLists = new ArrayList<>();
    List<String[]> argLists = new ArrayList<>();
    for (PartReport p : reports) {
      keyLists.add(new String[] {keys.recording(p.mint()), keys.part(p.mint(), p.part())});
      List<String> args = new ArrayList<>(List.of(me, Integer.toString(p.part()), now));
      args.addAll(p.fields());
      argLists.add(args.toArray(String[]::new));
    }
    return redis.scripts(Scripts.REPORT, keyLists, argLists).stream().map(WorkerLedger::outcome)
        .toList();
  }

  private static Report outcome(String reply) {
    return "stop".equals(reply) ? Report.STOP : "lost".equals(reply) ? Report.LOST : Report.OK;
  }

  /** Ends a part, and the recording if it is still ours. */
  void finish(String mint, int part, ClusterState state, String reason, PartState partState,
      long bytes, long mediaMs) {
    redis.script(Scripts.FINISH, new String[] {keys.recording(mint), keys.part(mint, part),
            keys.active(), keys.workerRecordings(me), keys.events()},
        me, Integer.toString(part), Long.toString(System.currentTimeMillis()), state.name(), reason,
        partState.name(), Long.toString(bytes), Long.toString(mediaMs));
  }

  /** Asks any worker to complete a part's object from what was uploaded. */
  void needsCompletion(String mint, int part, String key, String uploadId) {
    redis.call(r -> r.xadd(keys.completions(), Map.of("mint_id", mint, "part", Integer.toString(part),
        "key", key, "upload_id", uploadId)));
  }

  /** A completer finished a part's object. */
  void completed(String mint, int part, long bytes) {
    redis.call(r -> r.hset(keys.part(mint, part), Map.of("state",
        (bytes > 0 ? PartState.COMPLETE : PartState.EMPTY).name(), "bytes", Long.toString(bytes))));
  }

  double largestFreeCapacity() {
    return largestFreeCapacity(redis, keys);
  }

  /** The most free capacity any live, non-draining worker offers; 0 when none does. */
  static double largestFreeCapacity(RedisLink redis, Keys keys) {
    var top = redis.call(r -> r.zrevrangeWithScores(keys.freeCapacity(), 0, 0));
    return top.isEmpty() ? 0 : top.get(0).getScore();
  }

  /**
   * Ends a part whose recorder died and makes the next part this worker's (see
   * {@link Scripts#NEXT_PART}).
   *
   * @return the next part's number; empty when a stop was asked for or the recording moved on,
   *     with {@code stopAsked} telling which
   */
  NextPart nextPart(String mint, int part, PartState partState, long bytes, long mediaMs,
      long endedAtMs, String reason) {
    String outcome = redis.script(Scripts.NEXT_PART,
        new String[] {keys.recording(mint), keys.part(mint, part), keys.events()}, me,
        Integer.toString(part),
        Long.toString(System.currentTimeMillis()), partState.name(), Long.toString(bytes),
        Long.toString(mediaMs), Long.toString(endedAtMs), reason);
    return switch (outcome) {
      case "stop" -> new NextPart(0, true);
      case "lost" -> new NextPart(0, false);
      default -> new NextPart(Integer.parseInt(outcome), false);
    };
  }

  /** What {@link #nextPart} answered: a part number above 0, or why not. */
  record NextPart(int part, boolean stopAsked) {}
}
