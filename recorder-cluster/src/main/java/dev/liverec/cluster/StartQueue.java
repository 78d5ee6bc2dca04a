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

  /** Puts a start back for another worker and acknowledges this copy. */
  void requeue(StreamMessage<String, String> message) {
    Map<String, String> body = new HashMap<>(message.getBody());
    redis.call(r -> r.xadd(keys.starts(), body));
    ack(message);
  }

  boolean isStart(StreamMessage<String, String> message) {
    return keys.starts().equals(message.getStream());
  }
}
