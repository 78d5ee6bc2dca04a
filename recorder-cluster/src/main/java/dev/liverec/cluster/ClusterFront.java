package dev.liverec.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's REST API over the fleet: start, stop, status, active and health, answered from
 * Redis alone, so any front answers for every recording and a front's restart loses nothing. Each
 * call returns a plain value ({@link RecordingView}, {@link FleetHealth}) or throws a typed
 * {@link ClusterException}: {@link NoCapacityException} and {@link ClusterUnavailableException}
 * (503), {@link RecordingConflictException} (409), {@link RecordingNotFoundException} (404).
 *
 * <pre>{@code
 * try (ClusterFront front = ClusterFront.open(cluster, "recordings")) {
 *   front.start(new RecordingSpec("test_mint_123", 1280, 720, 30));
 *   ...
 *   RecordingView done = front.stop("test_mint_123");
 * }
 * }</pre>
 *
 * <p>A front also runs the fleet's {@link Janitor} (dead workers, expired starts) on a daemon
 * thread.
 */
public final class ClusterFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterFront.class);
  private static final DateTimeFormatter RUN =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** How long start waits to name the worker that took the recording. */
  private static final Duration CLAIM_WAIT = Duration.ofMillis(1500);
  private static final long POLL_MS = 100;

  private final ClusterConfig config;
  private final RedisLink redis;
  private final Keys keys;
  private final RecordingReader reader;
  private final Janitor janitor;
  private final ScheduledExecutorService chores;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private @Nullable ClusterEvents events;

  private ClusterFront(ClusterConfig config, @Nullable String bucket) {
    this.config = config;
    this.redis = new RedisLink(config);
    this.keys = new Keys(config.keyPrefix());
    this.reader = new RecordingReader(redis, keys, bucket);
    this.janitor = new Janitor(redis, keys, config);
    this.chores = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "liverec-front-janitor");
      t.setDaemon(true);
      return t;
    });
    long every = config.heartbeatInterval().toMillis();
    chores.scheduleWithFixedDelay(janitor::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Connects to the cluster's Redis.
   *
   * @param bucket the workers' bucket, shown in object URIs
   * @throws ClusterUnavailableException when Redis cannot be reached
   */
  public static ClusterFront open(ClusterConfig config, String bucket) {
    return new ClusterFront(config, bucket);
  }

  /**
   * Connects to the cluster's Redis; object URIs name the bucket the workers announced.
   *
   * @throws ClusterUnavailableException when Redis cannot be reached
   */
  public static ClusterFront open(ClusterConfig config) {
    return new ClusterFront(config, null);
  }

  /**
   * Queues a recording for the fleet and waits briefly (1.5 s at most) to name the worker that
   * took it; a recording still PENDING then is taken as soon as a worker has room, or ends
   * FAILED after the pending timeout.
   *
   * @throws NoCapacityException at once when no live worker has room for it, or when taking it
   *     would leave less room than the failover reserve ({@link ClusterConfig#failoverReserve()})
   * @throws RecordingConflictException when this mint_id is still recording
   */
  public RecordingView start(RecordingSpec spec) {
    double cost = spec.cost();
    long now = System.currentTimeMillis();
    String run = RUN.format(Instant.ofEpochMilli(now));
    String outcome = redis.script(Scripts.CREATE,
        new String[] {keys.recording(spec.mintId()), keys.active(), keys.pending(), keys.starts(),
            keys.freeCapacity(), keys.capacity(), keys.events()},
        spec.mintId(), run, UUID.randomUUID().toString(), Integer.toString(spec.width()),
        Integer.toString(spec.height()), Integer.toString(spec.frameRate()), Double.toString(cost),
        Long.toString(now), Long.toString(now + config.pendingTimeout().toMillis()),
        Double.toString(config.failoverReserve()));
    if (outcome.startsWith("full:")) {
      throw new NoCapacityException(noCapacityReason(cost, Double.parseDouble(outcome.substring(5))));
    }
    if (outcome.startsWith("reserve:")) {
      throw new NoCapacityException(reserveReason(outcome.split(":")));
    }
    if (!"OK".equals(outcome)) {
      throw new RecordingConflictException(spec.mintId(),
          ClusterState.valueOf(outcome).apiName());
    }
    log.info("[{}] queued {}x{}@{} (cost {} CPU)", spec.mintId(), spec.width(), spec.height(),
        spec.frameRate(), String.format(Locale.ROOT, "%.3f", cost));
    long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
    RecordingView view = status(spec.mintId());
    while (view.state() == ClusterState.PENDING && System.nanoTime() < deadline) {
      sleep(POLL_MS);
      view = status(spec.mintId());
    }
    return view;
  }

  private String noCapacityReason(double cost, double free) {
    FleetHealth health = health();
    long live = health.liveWorkers();
    if (live == 0) {
      return "no recording worker is running; start one with `liverec worker --cluster ...`";
    }
    return String.format(Locale.ROOT, "all %d workers are at capacity or draining: this recording "
        + "needs %.3f CPU, the most any worker has free is %.3f; stop a recording or add a worker",
        live, cost, Math.max(0, free));
  }

  /** {@code reserve:<room>:<waiting>:<reserve>} from {@link Scripts#CREATE}. */
  private String reserveReason(String[] figures) {
    return String.format(Locale.ROOT, "only the failover reserve is left: the workers have room "
        + "for %s more recordings of this size, %s starts are waiting for a worker and %s are kept "
        + "for the recordings of workers that die (failover reserve %.0f%% of the fleet's "
        + "capacity); add a worker or stop a recording", figures[1], figures[2], figures[3],
        config.failoverReserve() * 100);
  }

  private double largestFreeCapacity() {
    return WorkerLedger.largestFreeCapacity(redis, keys);
  }

  /**
   * Stops a recording and waits (up to the config's stop wait) until its worker completed the
   * object. A recording whose worker died ends at once, its uploaded part completed elsewhere.
   * Stopping a finished recording returns it again.
   *
   * @throws RecordingNotFoundException for an unknown mint_id
   */
  public RecordingView stop(String mintId) {
    String state = redis.script(Scripts.STOP,
        new String[] {keys.recording(mintId), keys.active(), keys.pending(), keys.events()},
        Long.toString(System.currentTimeMillis()));
    if (state.isEmpty()) {
      throw new RecordingNotFoundException(mintId);
    }
    long deadline = System.nanoTime() + config.stopWait().toNanos();
    RecordingView view = status(mintId);
    while (!view.state().isFinal() && System.nanoTime() < deadline) {
      sleep(POLL_MS);
      view = status(mintId);
    }
    log.info("[{}] stop: {}", mintId, view.state());
    return view;
  }

  /**
   * A recording's state, parts, size and last reported statistics.
   *
   * @throws RecordingNotFoundException for an unknown mint_id
   */
  public RecordingView status(String mintId) {
    RecordingView view = reader.read(mintId);
    if (view == null) {
      throw new RecordingNotFoundException(mintId);
    }
    return view;
  }

  /** Recordings not yet STOPPED or FAILED, by mint_id. */
  public List<RecordingView> active() {
    List<RecordingView> out = new ArrayList<>();
    for (String mint : redis.call(r -> r.smembers(keys.active())).stream().sorted().toList()) {
      RecordingView view = reader.read(mint);
      if (view != null) {
        out.add(view);
      }
    }
    return out;
  }

  /** The workers and their load. */
  public FleetHealth health() {
    List<WorkerView> workers = new ArrayList<>();
    for (String id : redis.call(r -> r.smembers(keys.workers())).stream().sorted().toList()) {
      Map<String, String> w = redis.call(r -> r.hgetall(keys.worker(id)));
      boolean alive = redis.call(r -> r.exists(keys.alive(id))) > 0;
      workers.add(new WorkerView(id, decimal(w.get("capacity")), decimal(w.get("used")),
          (int) RecordingReader.number(w.get("recordings")), "1".equals(w.get("draining")), alive,
          RecordingReader.instant(w.get("heartbeat_at"))));
    }
    long active = redis.call(r -> r.scard(keys.active()));
    return new FleetHealth(workers, (int) active, Math.max(0, largestFreeCapacity()));
  }

  private static double decimal(@Nullable String value) {
    return value == null || value.isEmpty() ? 0 : Double.parseDouble(value);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while waiting for the cluster", e);
    }
  }

  /**
   * Hands the fleet's recording events to {@code sink} from now on, at least once, on a thread of
   * this front's until it closes (see {@link ClusterEvents}); the fronts that call this share
   * the events between them.
   *
   * @throws ClusterException when called twice, or after {@link #close()}
   */
  public synchronized void sendEvents(ClusterEvents.Sink sink) {
    if (events != null || closed.get()) {
      throw new ClusterException("this front already sends its events, or is closed: call "
          + "sendEvents once, on an open front");
    }
    events = new ClusterEvents(redis, keys, reader, config, sink);
  }

  /** Stops reading events, the janitor, and disconnects; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ClusterEvents reading;
    synchronized (this) {
      reading = events;
    }
    if (reading != null) {
      reading.close();
    }
    chores.shutdownNow();
    try {
      chores.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
  }
}
