package dev.liverec.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fleet's books straight; every front and worker runs one, one at a time holds a short
 * Redis lock. Each {@link #tick()}: a worker whose heartbeat key expired is declared dead and each
 * of its recordings moves on (a continuation part is queued, its uploaded part is queued for
 * completion, a pending stop ends it); a start no worker took within the pending timeout ends.
 */
final class Janitor {
  private static final Logger log = LoggerFactory.getLogger(Janitor.class);

  private final RedisLink redis;
  private final Keys keys;
  private final ClusterConfig config;
  private final String owner = UUID.randomUUID().toString();

  Janitor(RedisLink redis, Keys keys, ClusterConfig config) {
    this.redis = redis;
    this.keys = keys;
    this.config = config;
  }

  /** One round; returns the number of recordings it moved on or ended. Never throws for Redis trouble. */
  int tick() {
    try {
      String locked = redis.call(r -> r.set(keys.janitorLock(), owner,
          SetArgs.Builder.nx().px(config.heartbeatInterval().toMillis())));
      if (!"OK".equals(locked)) {
        return 0;
      }
      return buryDeadWorkers() + expirePending();
    } catch (ClusterUnavailableException e) {
      log.debug("janitor skipped a round: {}", e.getMessage());
      return 0;
    } catch (RuntimeException e) {
      log.warn("janitor round failed", e);
      return 0;
    }
  }

  private int buryDeadWorkers() {
    int moved = 0;
    for (String worker : redis.scriptList(Scripts.SILENT_WORKERS, new String[] {keys.workers()},
        keys.worker(""), Keys.ALIVE_SUFFIX)) {
      log.warn("worker {} missed its heartbeat for {} ms: declaring it dead", worker,
          config.heartbeatTtl().toMillis());
      moved += moveOn(worker, true, "worker " + worker + " stopped answering");
      redis.call(r -> {
        r.srem(keys.workers(), worker);
        r.zrem(keys.freeCapacity(), worker);
        r.hdel(keys.capacity(), worker);
        r.del(keys.worker(worker), keys.workerRecordings(worker));
        return null;
      });
    }
    return moved;
  }

  /**
   * Moves every recording of {@code worker} on to a continuation part.
   *
   * @param completeElsewhere the worker will not complete its parts' uploads (it is dead)
   */
  int moveOn(String worker, boolean completeElsewhere, String reason) {
    int moved = 0;
    Set<String> mints = redis.call(r -> r.smembers(keys.workerRecordings(worker)));
    for (String mint : mints) {
      moved += moveOn(worker, mint, completeElsewhere, reason) ? 1 : 0;
    }
    return moved;
  }

  boolean moveOn(String worker, String mint, boolean completeElsewhere, String reason) {
    long now = System.currentTimeMillis();
    String outcome = redis.script(Scripts.MOVE_ON,
        new String[] {keys.recording(mint), keys.active(), keys.pending(), keys.starts(),
            keys.completions()},
        worker, Long.toString(now), UUID.randomUUID().toString(),
        Long.toString(now + config.pendingTimeout().toMillis()), completeElsewhere ? "1" : "0",
        reason);
    if (!"skip".equals(outcome)) {
      log.info("[{}] moved off {} ({}): {}", mint, worker, outcome, reason);
    }
    redis.call(r -> r.srem(keys.workerRecordings(worker), mint));
    return !"skip".equals(outcome);
  }

  private int expirePending() {
    long now = System.currentTimeMillis();
    List<String> late = redis.call(r -> r.zrangebyscore(keys.pending(),
        io.lettuce.core.Range.create(0, now)));
    int ended = 0;
    for (String mint : late) {
      String outcome = redis.script(Scripts.EXPIRE,
          new String[] {keys.recording(mint), keys.active(), keys.pending()},
          Long.toString(now), "no worker with capacity took it within "
              + Duration.ofMillis(config.pendingTimeout().toMillis()).toSeconds() + " s");
      if (!"skip".equals(outcome)) {
        log.warn("[{}] no worker took it in time: {}", mint, outcome);
        ended++;
      } else {
        redis.call(r -> r.zrem(keys.pending(), mint));
      }
    }
    return ended;
  }
}
