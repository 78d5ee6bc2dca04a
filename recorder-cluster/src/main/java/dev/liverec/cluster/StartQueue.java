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
  /** The start entry's field holding when it was first queued (Redis's clock, ms). */
  static final String QUEUED_MS = "queued_ms";

  private final RedisLink redis;
  private final Keys keys;
  private final Consumer<String> me;
  private final Duration claimIdle;
  /** Read by the worker's dispatch thread only. */
  private double misfitCost;
  private long misfitAt;

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

  /** What {@link #take} did with a start. */
  sealed interface Taken {
    /** The start is this worker's: record this part. */
    record Claimed(int part) implements Taken {}

    /** A worker with clearly more room should take it: it went back to the stream. */
    record Requeued() implements Taken {}

    /** It was taken, stopped or replaced already. */
    record Stale() implements Taken {}
  }

  /**
   * Takes a start this worker read and has reserved room for, in one Redis round trip (the
   * {@link Scripts#TAKE} script): even spread, claim, the worker's lower free capacity offered at
   * once, and the entry's acknowledgement.
   *
   * <p>Even spread: a start goes to a worker with the most room. A worker with {@code free} CPUs
   * takes it only while that is at least the largest free capacity any worker offers less half a
   * recording (ties and a heartbeat's staleness do not bounce it), or once the start has waited
   * {@code spreadWait} since it was first queued: then any worker with room takes it, so neither
   * a stale figure (a worker that just died still looks free) nor a fleet near capacity, where
   * the worker with the most room is busy, can hold a start for long. Otherwise the start goes
   * back to the stream for a worker with more room.
   *
   * @param free this worker's free capacity before this start
   */
  Taken take(StreamMessage<String, String> start, String workerId, double free, double cost,
      Duration spreadWait) {
    Map<String, String> body = start.getBody();
    String mint = body.getOrDefault("mint_id", "");
    String out = redis.script(Scripts.TAKE,
        new String[] {keys.recording(mint), keys.pending(), keys.workerRecordings(workerId),
            keys.freeCapacity(), keys.starts(), keys.events()},
        body.getOrDefault("request_id", ""), workerId, Long.toString(System.currentTimeMillis()),
        start.getId(), Double.toString(free), Double.toString(cost),
        Long.toString(spreadWait.toMillis()), body.getOrDefault(QUEUED_MS, "0"),
        Integer.toString(bounces(start)), Keys.WORKERS_GROUP);
    return switch (out) {
      case "stale" -> new Taken.Stale();
      case "requeued" -> new Taken.Requeued();
      default -> new Taken.Claimed(Integer.parseInt(out));
    };
  }

  /**
   * Whether this worker should read starts with {@code free} CPUs: while it has room for the
   * smallest recording, and for the last start it had to put back for want of room (a full
   * worker reading on would only bounce every start it sees). That memory lapses after the claim
   * idle time, so a smaller start is not kept from it for long.
   */
  boolean wantsStarts(double free) {
    if (free + 1e-9 < RecordingCost.MINIMUM_CPUS) {
      return false;
    }
    if (misfitCost > free + 1e-9 && System.nanoTime() - misfitAt < claimIdle.toNanos()) {
      return false;
    }
    misfitCost = 0;
    return true;
  }

  /** Remembers that a start of {@code cost} CPUs did not fit; see {@link #wantsStarts}. */
  void misfit(double cost) {
    misfitCost = cost;
    misfitAt = System.nanoTime();
  }

  /** How many times a start was put back; see {@link #requeue}. */
  static int bounces(StreamMessage<String, String> message) {
    return Integer.parseInt(message.getBody().getOrDefault(BOUNCES, "0"));
  }

  /**
   * Puts a start back for another worker (counting the bounce, keeping its first queued time)
   * and acknowledges this copy: for a worker that is draining or has no room for it.
   */
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
