package dev.liverec.cluster;

import io.lettuce.core.SetArgs;
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
    String now = Long.toString(System.currentTimeMillis());
    redis.call(r -> {
      r.set(keys.alive(me), now, SetArgs.Builder.px(cluster.heartbeatTtl().toMillis()));
      r.hset(keys.worker(me), Map.of(
          "capacity", Double.toString(capacity), "used", Double.toString(used),
          "recordings", Integer.toString(recordings), "draining", draining ? "1" : "0",
          "heartbeat_at", now, "buffer_bytes", Long.toString(bufferBytes)));
      r.sadd(keys.workers(), me);
      if (free == null) {
        r.zrem(keys.freeCapacity(), me);
      } else {
        r.zadd(keys.freeCapacity(), free, me);
      }
      return null;
    });
  }

  /** Leaves the fleet: out of the set first, so a janitor never sees a member without a heartbeat. */
  void leave() {
    redis.call(r -> {
      r.srem(keys.workers(), me);
      r.zrem(keys.freeCapacity(), me);
      r.del(keys.alive(me), keys.worker(me), keys.workerRecordings(me));
      return null;
    });
  }

  /** Takes a start request: its part number, or empty when it was taken, stopped or replaced. */
  java.util.OptionalInt claim(String mint, String requestId) {
    String claimed = redis.script(Scripts.CLAIM,
        new String[] {keys.recording(mint), keys.pending(), keys.workerRecordings(me)},
        requestId, me, Long.toString(System.currentTimeMillis()));
    return "stale".equals(claimed) ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(Integer.parseInt(claimed));
  }

  /** The recording's spec and run id, as the front created it. */
  Map<String, String> recording(String mint) {
    return redis.call(r -> r.hgetall(keys.recording(mint)));
  }

  /** Records where a part's object goes, before anything is uploaded to it. */
  void announceObject(String mint, int part, String key, String uploadId) {
    redis.call(r -> r.hset(keys.part(mint, part), Map.of("key", key, "upload_id", uploadId)));
  }

  /** Writes a part's status; tells whether a stop was asked for or the part was moved off us. */
  Report report(String mint, int part, List<String> fields) {
    List<String> args = new ArrayList<>(List.of(me, Integer.toString(part),
        Long.toString(System.currentTimeMillis())));
    args.addAll(fields);
    String outcome = redis.script(Scripts.REPORT,
        new String[] {keys.recording(mint), keys.part(mint, part)}, args.toArray(String[]::new));
    return "stop".equals(outcome) ? Report.STOP : "lost".equals(outcome) ? Report.LOST : Report.OK;
  }

  /** Ends a part, and the recording if it is still ours. */
  void finish(String mint, int part, ClusterState state, String reason, PartState partState,
      long bytes, long mediaMs) {
    redis.script(Scripts.FINISH, new String[] {keys.recording(mint), keys.part(mint, part),
            keys.active(), keys.workerRecordings(me)},
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

  /** The most any live, non-draining worker offers. */
  /**
   * Updates this worker's offered capacity at once after a claim (the heartbeat would only in a
   * second), so the next start's even-spread check sees it; a worker that offers none (draining,
   * dead, buffer full) is not put back.
   */
  void offerFree(double free) {
    redis.call(r -> r.zadd(keys.freeCapacity(), io.lettuce.core.ZAddArgs.Builder.xx(), free, me));
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
        new String[] {keys.recording(mint), keys.part(mint, part)}, me, Integer.toString(part),
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
