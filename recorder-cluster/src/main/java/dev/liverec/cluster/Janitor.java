package dev.liverec.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fleet's books straight; every front and worker runs one, one at a time holds a Redis
 * lock for the whole round. Each {@link #tick()}: a worker whose heartbeat key expired is declared
 * dead and each of its recordings moves on (a continuation part is queued, its uploaded part is
 * queued for completion, a pending stop ends it), {@link #BATCH} recordings a round trip; a start
 * no worker took within the pending timeout ends.
 */
final class Janitor {
  private static final Logger log = LoggerFactory.getLogger(Janitor.class);
  /**
   * Recordings moved per pipelined exchange: one round trip each batch, not one each recording,
   * and the lock renewed between batches. Each move stays its own short script, so Redis serves
   * other clients between them.
   */
  static final int BATCH = 100;

  private final RedisLink redis;
  private final Keys keys;
  private final ClusterConfig config;
  private final String owner = UUID.randomUUID().toString();
  /** Whether this round still holds the lock (it is renewed before each batch). */
  private boolean held;

  Janitor(RedisLink redis, Keys keys, ClusterConfig config) {
    this.redis = redis;
    this.keys = keys;
    this.config = config;
  }

  /** One round; returns the number of recordings it moved on or ended. Never throws for Redis trouble. */
  int tick() {
    try {
      String locked = redis.call(r -> r.set(keys.janitorLock(), owner,
          SetArgs.Builder.nx().px(roundLease())));
      if (!"OK".equals(locked)) {
        return 0;
      }
      held = true;
      long began = System.nanoTime();
      try {
        int moved = buryDeadWorkers();
        if (moved > 0) {
          log.info("janitor round moved {} recordings on in {} ms", moved,
              (System.nanoTime() - began) / 1_000_000);
        }
        return moved + (held ? expirePending() : 0);
      } finally {
        // the next round, by whichever janitor takes the lock, comes an interval after this one
        lease(config.heartbeatInterval().toMillis());
      }
    } catch (ClusterUnavailableException e) {
      log.debug("janitor skipped a round: {}", e.getMessage());
      return 0;
    } catch (RuntimeException e) {
      log.warn("janitor round failed", e);
      return 0;
    }
  }

  /** How long the lock lasts while a round runs: renewed before every batch. */
  private long roundLease() {
    return Math.max(config.heartbeatTtl().toMillis(), 2 * config.commandTimeout().toMillis());
  }

  /** Sets the lock's time to live if this janitor still holds it; false when it lost it. */
  private boolean lease(long ttlMs) {
    return "ok".equals(redis.script(FleetScripts.LEASE, new String[] {keys.janitorLock()}, owner,
        Long.toString(ttlMs)));
  }

  /** Renews the lock before a batch; false (and a warning) when another janitor took it over. */
  private boolean renew() {
    held = held && lease(roundLease());
    if (!held) {
      log.warn("janitor lost its lock in the middle of a round; the next round goes on");
    }
    return held;
  }

  /**
   * Declares the silent workers dead and moves their recordings on, {@link #BATCH} a round trip
   * whichever worker each belongs to; the workers leave the fleet once all theirs moved.
   */
  private int buryDeadWorkers() {
    List<String> dead = redis.scriptList(FleetScripts.SILENT_WORKERS, new String[] {keys.workers()},
        keys.worker(""), Keys.ALIVE_SUFFIX);
    if (dead.isEmpty()) {
      return 0;
    }
    for (String worker : dead) {
      log.warn("worker {} missed its heartbeat for {} ms: declaring it dead", worker,
          config.heartbeatTtl().toMillis());
    }
    List<Set<String>> theirs = redis.pipelined(dead,
        (r, worker) -> r.smembers(keys.workerRecordings(worker)));
    List<Move> moves = new ArrayList<>();
    for (int i = 0; i < dead.size(); i++) {
      for (String mint : theirs.get(i)) {
        moves.add(new Move(dead.get(i), mint));
      }
    }
    int moved = 0;
    for (int from = 0; from < moves.size(); from += BATCH) {
      if (!renew()) {
        return moved;
      }
      moved += moveOn(moves.subList(from, Math.min(moves.size(), from + BATCH)), true,
          worker -> "worker " + worker + " stopped answering");
    }
    redis.scripts(FleetScripts.FORGET_WORKER, dead.stream().map(worker -> new String[] {keys.workers(),
            keys.freeCapacity(), keys.capacity(), keys.worker(worker), keys.workerRecordings(worker)})
        .toList(), dead.stream().map(worker -> new String[] {worker}).toList());
    return moved;
  }

  /** One recording to move off a worker. */
  private record Move(String worker, String mint) {}

  /**
   * Moves one recording of {@code worker} on to a continuation part, if it is still that
   * worker's (see {@link Scripts#MOVE_ON}).
   *
   * @param completeElsewhere the worker will not complete its part's upload (it is dead)
   */
  boolean moveOn(String worker, String mint, boolean completeElsewhere, String reason) {
    return moveOn(List.of(new Move(worker, mint)), completeElsewhere, w -> reason) == 1;
  }

  /** Moves {@code mints} of {@code worker} on, in one round trip (see {@link #moveOn(List, boolean, Function)}). */
  int moveOn(String worker, List<String> mints, boolean completeElsewhere, String reason) {
    return moveOn(mints.stream().map(mint -> new Move(worker, mint)).toList(), completeElsewhere,
        w -> reason);
  }

  /**
   * Moves recordings on in one pipelined exchange, each by its own atomic {@link Scripts#MOVE_ON}
   * (a second move of the same recording finds it no longer that worker's); returns how many
   * moved.
   */
  private int moveOn(List<Move> moves, boolean completeElsewhere, Function<String, String> reason) {
    long now = System.currentTimeMillis();
    String deadline = Long.toString(now + config.pendingTimeout().toMillis());
    List<String[]> keyLists = new ArrayList<>();
    List<String[]> argLists = new ArrayList<>();
    for (Move m : moves) {
      keyLists.add(new String[] {keys.recording(m.mint()), keys.active(), keys.pending(),
          keys.starts(), keys.completions(), keys.workerRecordings(m.worker()), keys.events()});
      argLists.add(new String[] {m.worker(), Long.toString(now), UUID.randomUUID().toString(),
          deadline, completeElsewhere ? "1" : "0", reason.apply(m.worker()), m.mint()});
    }
    List<String> outcomes = redis.scripts(Scripts.MOVE_ON, keyLists, argLists);
    int moved = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      if (!"skip".equals(outcomes.get(i))) {
        Move m = moves.get(i);
        log.info("[{}] moved off {} ({}): {}", m.mint(), m.worker(), outcomes.get(i),
            reason.apply(m.worker()));
        moved++;
      }
    }
    return moved;
  }

  private int expirePending() {
    long now = System.currentTimeMillis();
    List<String> late = redis.call(r -> r.zrangebyscore(keys.pending(),
        io.lettuce.core.Range.create(0, now)));
    String reason = "no worker with capacity took it within "
        + Duration.ofMillis(config.pendingTimeout().toMillis()).toSeconds() + " s";
    int ended = 0;
    for (int from = 0; from < late.size() && renew(); from += BATCH) {
      List<String> batch = late.subList(from, Math.min(late.size(), from + BATCH));
      List<String> outcomes = redis.scripts(Scripts.EXPIRE, batch.stream()
          .map(mint -> new String[] {keys.recording(mint), keys.active(), keys.pending(),
              keys.events()}).toList(),
          batch.stream().map(mint -> new String[] {Long.toString(now), reason, mint}).toList());
      for (int i = 0; i < outcomes.size(); i++) {
        if (!"skip".equals(outcomes.get(i))) {
          log.warn("[{}] no worker took it in time: {}", batch.get(i), outcomes.get(i));
          ended++;
        }
      }
    }
    return ended;
  }
}
