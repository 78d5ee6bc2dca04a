package dev.liverec.cluster;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the fleet's recording events to a {@link Sink} (the app's webhooks), at least once. The
 * scripts that change a recording's state append each change to a capped Redis stream in the same
 * atomic step; the fronts that deliver read it through the consumer group
 * {@code webhooks}, each entry by one front. An entry is acknowledged only once the sink settled
 * it (every receiver has it, or gave up on it); one a front took and did not settle within
 * {@link ClusterConfig#eventClaimIdle()} (the front died, or its receivers' queues were full) is
 * claimed by another front (or this one, when it is not sending it any more) and handed on
 * again with the same
 * {@link ClusterEvent#id()}: receivers de-duplicate by it.
 *
 * <p>One daemon thread reads (blocking half a second at most, 100 entries at a time, at most
 * 1000 unsettled); {@link #close()} stops it within a bounded time.
 */
public final class ClusterEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
  static final Duration BLOCK = Duration.ofMillis(500);
  static final int COUNT = 100;
  static final int IN_FLIGHT = 1000;
  /** Pages of {@link #COUNT} pending entries looked through per claim round at most. */
  private static final int PAGES = 10;

  /** Where events go. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Takes an event without blocking for long. Call {@code settled.accept(true)} once every
     * receiver has it (delivered, or given up on), {@code settled.accept(false)} when some
     * receiver could not take it: it then comes again after the claim idle time.
     */
    void accept(ClusterEvent event, java.util.function.Consumer<Boolean> settled);

    /**
     * Called once reading stopped, before the front disconnects: settle what can be settled
     * within a bounded time (what is not is sent again by another front).
     */
    default void drain() {}
  }

  private final RedisLink redis;
  private final Keys keys;
  private final RecordingReader reader;
  private final Sink sink;
  private final Duration claimIdle;
  private final Consumer<String> me =
      Consumer.from(Keys.WEBHOOKS_GROUP, "front-" + UUID.randomUUID());
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Semaphore room = new Semaphore(IN_FLIGHT);
  private final Thread thread;
  private final Duration joinWait;
  private volatile boolean closed;

  ClusterEvents(RedisLink redis, Keys keys, RecordingReader reader, ClusterConfig config,
      Sink sink) {
    this.redis = redis;
    this.keys = keys;
    this.reader = reader;
    this.sink = sink;
    this.claimIdle = config.eventClaimIdle();
    this.joinWait = BLOCK.plus(config.commandTimeout()).plusSeconds(1);
    try {
      ensureGroup(); // now, so the events of the starts this front answers next are all read
    } catch (ClusterUnavailableException e) {
      log.debug("the fleet's events group is made once Redis answers: {}", e.getMessage());
    }
    this.thread = new Thread(this::run, "liverec-front-events");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    boolean grouped = false;
    long nextClaim = 0;
    while (!closed) {
      try {
        if (!grouped) {
          ensureGroup();
          grouped = true;
        }
        List<StreamMessage<String, String>> got = List.of();
        if (System.nanoTime() - nextClaim >= 0) {
          got = claim();
          nextClaim = System.nanoTime() + Math.max(100, claimIdle.toMillis() / 2) * 1_000_000;
        }
        if (got.isEmpty()) {
          got = read();
        }
        for (StreamMessage<String, String> m : got) {
          if (closed || !hand(m)) {
            break; // left pending: claimed again after the idle time
          }
        }
      } catch (ClusterUnavailableException e) {
        grouped = grouped && !String.valueOf(e.getMessage()).contains("NOGROUP");
        log.debug("fleet events not read: {}", e.getMessage());
        pause();
      } catch (RuntimeException e) {
        log.warn("fleet events not read", e);
        pause();
      }
    }
  }

  /**
   * Creates the stream and the group if missing (a new or restarted Redis). A new group starts at
   * the stream's end: a fleet's events from before its first webhook front are not sent.
   */
  private void ensureGroup() {
    try {
      redis.call(r -> r.xgroupCreate(StreamOffset.latest(keys.events()),
          Keys.WEBHOOKS_GROUP, XGroupCreateArgs.Builder.mkstream()));
    } catch (ClusterUnavailableException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
        throw e;
      }
    }
  }

  @SuppressWarnings("unchecked") // one stream offset as varargs
  private List<StreamMessage<String, String>> read() {
    if (room.availablePermits() < COUNT) {
      pause(); // the receivers are behind: what was read settles first
      return List.of();
    }
    List<StreamMessage<String, String>> got = redis.blocking(r -> r.xreadgroup(me,
        XReadArgs.Builder.block(BLOCK.toMillis()).count(COUNT),
        StreamOffset.lastConsumed(keys.events())));
    return got == null ? List.of() : got;
  }

  /**
   * Entries taken by a front (maybe this one) and not settled within the claim idle time, up to
   * {@link #COUNT}: XPENDING finds them, XCLAIM (with the idle time, so two fronts never both get
   * one) takes them. The ones this front is still sending are left alone, idle time and all, so
   * another front takes them over if this one hangs.
   */
  private List<StreamMessage<String, String>> claim() {
    List<String> ids = new ArrayList<>();
    Range<String> range = Range.unbounded();
    for (int page = 0; page < PAGES && ids.size() < COUNT; page++) {
      Range<String> from = range;
      List<PendingMessage> idle = redis.call(r -> r.xpending(keys.events(),
          XPendingArgs.Builder.xpending(Keys.WEBHOOKS_GROUP, from, Limit.from(COUNT))
              .idle(claimIdle)));
      for (PendingMessage p : idle) {
        if (!inFlight.contains(p.getId()) && ids.size() < COUNT) {
          ids.add(p.getId());
        }
      }
      if (idle.size() < COUNT) {
        break;
      }
      range = Range.from(Range.Boundary.excluding(idle.get(idle.size() - 1).getId()),
          Range.Boundary.unbounded());
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    List<StreamMessage<String, String>> claimed = redis.call(r -> r.xclaim(keys.events(), me,
        XClaimArgs.Builder.minIdleTime(claimIdle), ids.toArray(String[]::new)));
    if (claimed == null || claimed.isEmpty()) {
      return List.of();
    }
    log.info("took over {} fleet event(s) a front left unsettled for {} ms", claimed.size(),
        claimIdle.toMillis());
    return claimed;
  }

  /** Hands one entry to the sink; false when there is no room for it now. */
  private boolean hand(StreamMessage<String, String> m) {
    String entry = m.getId();
    if (m.getBody() == null || m.getBody().isEmpty()) {
      ack(entry); // trimmed away: nothing left to send
      return true;
    }
    if (!inFlight.add(entry)) {
      return true; // this front is still sending it
    }
    try {
      if (!room.tryAcquire(BLOCK.toMillis(), TimeUnit.MILLISECONDS)) {
        inFlight.remove(entry);
        return false;
      }
    } catch (InterruptedException e) {
      inFlight.remove(entry);
      Thread.currentThread().interrupt();
      return false;
    }
    AtomicBoolean once = new AtomicBoolean();
    java.util.function.Consumer<Boolean> settled = acknowledge -> {
      if (once.compareAndSet(false, true)) {
        if (acknowledge) {
          ack(entry);
        }
        inFlight.remove(entry);
        room.release();
      }
    };
    try {
      sink.accept(decode(m), settled);
    } catch (RuntimeException e) {
      settled.accept(false);
      throw e;
    }
    return true;
  }

  private ClusterEvent decode(StreamMessage<String, String> m) {
    Map<String, String> facts = new HashMap<>(m.getBody());
    String name = String.valueOf(facts.remove("event"));
    String mint = String.valueOf(facts.remove("mint_id"));
    String at = facts.remove("at");
    facts.values().removeIf(String::isEmpty);
    Instant when = Instant.ofEpochMilli(at == null || at.isEmpty()
        ? Long.parseLong(m.getId().substring(0, m.getId().indexOf('-'))) : Long.parseLong(at));
    return new ClusterEvent(eventId(m.getId()), name, mint, when, facts, reader.read(mint));
  }

  /** The event id for a stream entry: the same for every delivery of it, by any front. */
  static String eventId(String entryId) {
    return "EV_" + entryId;
  }

  private void ack(String entry) {
    try {
      redis.call(r -> r.xack(keys.events(), Keys.WEBHOOKS_GROUP, entry));
    } catch (RuntimeException e) {
      // not acknowledged: another front sends it again after the claim idle time
      log.debug("fleet event {} not acknowledged: {}", entry, e.getMessage());
    }
  }

  private void pause() {
    if (!closed) {
      LockSupport.parkNanos(BLOCK.toNanos());
    }
  }

  /**
   * Stops reading (bounded), then lets the sink {@linkplain Sink#drain() drain}, so what it
   * settles is acknowledged while the front's Redis is still open.
   */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(joinWait.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      sink.drain();
    } catch (RuntimeException e) {
      log.warn("the fleet events' receivers did not drain", e);
    }
  }
}
