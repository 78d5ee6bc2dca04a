package dev.liverec.cluster;

import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording worker. It announces itself, its load and a heartbeat with a time to live in Redis;
 * takes start requests from the {@code starts} stream only while its recordings' costs leave room
 * ({@link RecordingCost}); records each part with a {@link PartRecorder} (a
 * {@link dev.liverec.RecordingSession} in this JVM, or a child process per part) into a local
 * buffer file that streams to S3 as it grows, going on as the next part when a recorder process
 * dies; reports every recording's status each
 * heartbeat and stops it when a front asks. It also completes the objects of dead workers' parts.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(workerConfig, cluster, storage, sources)) {
 *   ... until SIGTERM ...
 * }   // close() drains: no new work, recordings handed over or ended within the drain timeout
 * }</pre>
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final WorkerConfig config;
  private final ClusterConfig cluster;
  private final RedisLink redis;
  private final ObjectStore store;
  private final StartQueue queue;
  private final Janitor janitor;
  private final WorkerLedger ledger;
  private final WorkerLoad load;
  private final WorkerIntake intake;
  private final PartEndings endings;
  private final WorkerReports reports;
  /** Heartbeat, reports, janitor: never waits on S3 or on a recording that is ending. */
  private final ScheduledExecutorService ticker;
  private final ScheduledExecutorService uploader;
  private final ExecutorService work;
  private final Thread dispatcher;
  private volatile boolean draining;
  private volatile boolean closed;
  private volatile long bufferBytes;
  private long lastRedisWarning;

  private Worker(WorkerConfig config, ClusterConfig cluster, StorageConfig storage,
      PartLauncher recorders) {
    this.config = config;
    this.cluster = cluster;
    Keys keys = new Keys(cluster.keyPrefix());
    this.redis = new RedisLink(cluster);
    this.store = new ObjectStore(storage);
    this.queue = new StartQueue(redis, keys, config.id(), cluster.claimIdle());
    this.janitor = new Janitor(redis, keys, cluster);
    this.ledger = new WorkerLedger(redis, keys, config.id(), cluster);
    this.load = new WorkerLoad(config.capacity());
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("liverec-worker-tick"));
    this.uploader = Executors.newSingleThreadScheduledExecutor(daemon("liverec-worker-upload"));
    this.work = Executors.newCachedThreadPool(daemon("liverec-worker-job"));
    java.util.function.BooleanSupplier taking = () -> !draining && !closed;
    this.intake = new WorkerIntake(new WorkerIntake.Context(config, cluster, queue, ledger, load,
        store, recorders, work, taking, this::redisTrouble));
    this.endings = new PartEndings(new PartEndings.Context(config.id(), config, ledger, load, store,
        recorders, janitor, work, taking));
    this.reports = new WorkerReports(config.id(), ledger, load, endings, work);
    this.dispatcher = new Thread(intake, "liverec-worker-dispatch-" + config.id());
  }

  /**
   * Joins the fleet and starts taking work; each part is recorded in this JVM with frames from
   * {@code sources}.
   *
   * @throws ClusterUnavailableException when Redis cannot be reached
   */
  public static Worker start(WorkerConfig config, ClusterConfig cluster, StorageConfig storage,
      SourceFactory sources) {
    return start(config, cluster, storage, PartLauncher.inProcess(sources));
  }

  /**
   * Joins the fleet and starts taking work; each part is recorded by what {@code recorders}
   * launches (in this JVM, or a child process per part as the app's worker does).
   *
   * @throws ClusterUnavailableException when Redis cannot be reached
   */
  public static Worker start(WorkerConfig config, ClusterConfig cluster, StorageConfig storage,
      PartLauncher recorders) {
    try {
      Files.createDirectories(config.bufferDir());
    } catch (IOException e) {
      throw new ClusterException("cannot create the buffer folder " + config.bufferDir() + ": "
          + e.getMessage(), e);
    }
    Worker w = new Worker(config, cluster, storage, recorders);
    try {
      w.queue.ensureGroups();
      String bucketKey = new Keys(cluster.keyPrefix()).bucket();
      w.redis.call(r -> r.set(bucketKey, storage.bucket()));
      w.heartbeat();
    } catch (RuntimeException e) {
      w.redis.close();
      w.store.close();
      throw e;
    }
    long beat = cluster.heartbeatInterval().toMillis();
    w.ticker.scheduleWithFixedDelay(w::tick, beat, beat, TimeUnit.MILLISECONDS);
    long pump = storage.uploadInterval().toMillis();
    w.uploader.scheduleWithFixedDelay(w::pumpAll, pump, pump, TimeUnit.MILLISECONDS);
    w.dispatcher.start();
    log.info("worker {} joined: {}, {}, {}", config.id(), config, cluster, storage);
    return w;
  }

  public String id() {
    return config.id();
  }

  /** Recordings this worker runs now. */
  public int recordingCount() {
    return load.count();
  }

  // ---- heartbeat, reports, uploads ----

  private void tick() {
    try {
      heartbeat();
      reports.send();
      janitor.tick();
    } catch (ClusterUnavailableException e) {
      redisTrouble(e);
    } catch (RuntimeException e) {
      log.error("worker {}: heartbeat failed", config.id(), e);
    }
  }

  private void heartbeat() {
    bufferBytes = bufferSize();
    intake.bufferBytes(bufferBytes);
    double used = load.used();
    boolean offer = !draining && bufferBytes < config.maxBufferBytes();
    ledger.heartbeat(config.capacity(), used, load.count(), draining, bufferBytes,
        offer ? config.capacity() - used : null);
  }

  private void pumpAll() {
    for (WorkerRecording rec : load.recordings()) {
      rec.pump();
    }
  }

  // ---- leaving ----

  /**
   * SIGTERM: takes no new work, then hands each recording over to another worker (a continuation
   * part) when one has room, else ends it; each object is completed. Returns within the drain
   * timeout plus the time to stop one recording.
   */
  public void drain() {
    if (draining) {
      return;
    }
    draining = true;
    log.info("worker {} draining {} recordings", config.id(), load.count());
    try {
      heartbeat();
    } catch (ClusterUnavailableException e) {
      redisTrouble(e);
    }
    joinQuietly(dispatcher, WorkerIntake.READ_BLOCK.multipliedBy(4));
    List<CompletableFuture<Void>> ends = new ArrayList<>();
    for (WorkerRecording rec : load.recordings()) {
      handOverIfPossible(rec);
      ends.add(endings.endAsync(rec));
    }
    try {
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
          .get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("worker {}: not every recording ended within the drain time", config.id());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("worker {}: a recording failed to end", config.id(), e.getCause());
    }
  }

  private void handOverIfPossible(WorkerRecording rec) {
    try {
      if (ledger.largestFreeCapacity() + 1e-9 >= rec.spec().cost()) {
        janitor.moveOn(config.id(), rec.spec().mintId(), false,
            "handed over by draining worker " + config.id());
      }
    } catch (ClusterUnavailableException e) {
      log.warn("[{}] cannot hand over while Redis is away; ending it here", rec.spec().mintId());
    }
  }

  /**
   * Drains (see {@link #drain()}), leaves the fleet and frees everything: returns within the drain
   * timeout plus about fifteen seconds (the dispatcher's last read, the last heartbeat and upload,
   * leaving Redis).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    drain();
    closed = true;
    ticker.shutdownNow();
    uploader.shutdownNow();
    work.shutdown();
    try {
      // The last heartbeat must be over before the worker's keys go, or it would announce it again.
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      uploader.awaitTermination(5, TimeUnit.SECONDS);
      // Endings the drain gave up on get what is left of the same drain timeout, not another one.
      work.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      ledger.leave();
    } catch (ClusterUnavailableException e) {
      log.warn("worker {} left without saying so: {}", config.id(), e.getMessage());
    }
    redis.close();
    store.close();
    log.info("worker {} left", config.id());
  }

  // ---- helpers ----

  private long bufferSize() {
    try (Stream<Path> files = Files.list(config.bufferDir())) {
      return files.mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private void redisTrouble(ClusterUnavailableException e) {
    long now = System.currentTimeMillis();
    if (now - lastRedisWarning > 5000) {
      lastRedisWarning = now;
      log.warn("worker {}: {} (recordings go on)", config.id(), e.getMessage());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static void joinQuietly(Thread t, Duration timeout) {
    try {
      t.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Worker[%s, %d recordings, %.2f/%.2f CPU]", config.id(),
        load.count(), load.used(), config.capacity());
  }
}
