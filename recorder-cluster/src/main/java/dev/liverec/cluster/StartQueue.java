package dev.liverec.cluster;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two Redis streams a worker reads, through the consumer group {@code workers}: start
 * requests and parts to complete. An entry read but not acknowledged (its reader died) is taken
 * again by another worker after the claim idle time (XAUTOCLAIM).
 */
final class StartQueue {
  /** The start entry's field counting how often a worker put it back. */
  static final String BOUNCES = "bounces";

  private final RedisLink redis;
  private final Keys keys;
  private final Consumer<String> me;
  private final Duration claimIdle;

  StartQueue(RedisLink redis, Keys keys, String workerId, Duration claimIdle) {
    this.redis = redis;
    this.keys = keys;
    this.me = Consumer.from(Keys.WORKERS_GROUP, workerId);
    this.claimIdle = claimIdle;
  }

  /** Creates the streams and the group if they are missing (a new or restarted Redis). */
  void ensureGroups() {
    for (String stream : List.of(keys.starts(), keys.completions())) {
      try {
        redis.call(r -> r.xgroupCreate(StreamOffset.from(stream, "0-0"), Keys.WORKERS_GROUP,
            XGroupCreateArgs.Builder.mkstream()));
      } catch (ClusterUnavailableException e) {
        if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
          throw e;
        }
      }
    }
  }

  /**
   * New entries, waiting up to {@code block}: starts only when {@code withStarts}.
   */
  List<StreamMessage<String, String>> read(boolean withStarts, Duration block) {
    List<StreamOffset<String>> streams = new ArrayList<>();
    if (withStarts) {
      streams.add(StreamOffset.lastConsumed(keys.starts()));
    }
    streams.add(StreamOffset.lastConsumed(keys.completions()));
    @SuppressWarnings("unchecked")
    StreamOffset<String>[] offsets = streams.toArray(new StreamOffset[0]);
    List<StreamMessage<String, String>> got = redis.blocking(r -> r.xreadgroup(me,
        XReadArgs.Builder.block(block.toMillis()).count(1), offsets));
    return got == null ? List.of() : got;
  }

  /** One entry some other (dead) worker read but never acknowledged, if any. */
  List<StreamMessage<String, String>> reclaim(boolean withStarts) {
    List<StreamMessage<String, String>> out = new ArrayList<>();
    List<String> streams = withStarts ? List.of(keys.starts(), keys.completions())
        : List.of(keys.completions());
    for (String stream : streams) {
      var claimed = redis.call(r -> r.xautoclaim(stream,
          XAutoClaimArgs.Builder.xautoclaim(me, claimIdle, "0-0").count(1)));
      if (claimed != null && claimed.getMessages() != null) {
        out.addAll(claimed.getMessages());
      }
    }
    return out;
  }

  void ack(StreamMessage<String, String> message) {
    redis.call(r -> r.xack(message.getStream(), Keys.WORKERS_GROUP, message.getId()));
  }

  /**
   * A start put back this often is taken by any worker with room: the fleet's capacity figures
   * can be stale for a heartbeat (a worker that just died still looks free) and a start must not
   * bounce for ever.
   */
  static final int MAX_BOUNCES = 4;

  /**
   * Even spread: a start goes to a worker with the most free capacity. A worker with {@code free}
   * CPUs takes this one only while that is at least the largest free capacity any worker offers,
   * less half a recording (ties and a heartbeat's staleness do not bounce it), or once the start
   * has bounced {@link #MAX_BOUNCES} times; otherwise it puts it back ({@link #requeue}).
   */
  boolean evenSpread(StreamMessage<String, String> start, double free, double cost) {
    if (bounces(start) >= MAX_BOUNCES) {
      return true;
    }
    return free + 1e-9 >= WorkerLedger.largestFreeCapacity(redis, keys) - cost / 2;
  }

  /** How many times a start was put back; see {@link #requeue}. */
  static int bounces(StreamMessage<String, String> message) {
    return Integer.parseInt(message.getBody().getOrDefault(BOUNCES, "0"));
  }

  /** Puts a start back for another worker (counting the bounce) and acknowledges this copy. */
  void requeue(StreamMessage<String, String> message) {
    Map<String, String> body = new HashMap<>(message.getBody());
    body.put(BOUNCES, Integer.toString(bounces(message) + 1));
    redis.call(r -> r.xadd(keys.starts(), body));
    ack(message);
  }

  boolean isStart(StreamMessage<String, String> message) {
    return keys.starts().equals(message.getStream());
  }
}
