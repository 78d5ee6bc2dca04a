package dev.liverec.cluster;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
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
 * ({@link RecordingCost}); records each with liverec's {@link dev.liverec.RecordingSession} into a
 * local buffer file that streams to S3 as it grows; reports every recording's status each
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
  private static final Duration READ_BLOCK = Duration.ofMillis(500);

  private final WorkerConfig config;
  private final ClusterConfig cluster;
  private final SourceFactory sources;
  private final Keys keys;
  private final RedisLink redis;
  private final ObjectStore store;
  private final StartQueue queue;
  private final Janitor janitor;
  private final PartCompleter completer;
  private final Map<String, WorkerRecording> recordings = new ConcurrentHashMap<>();
  /** Costs of starts being opened, by mint_id, so capacity counts them before they record. */
  private final Map<String, Double> reserved = new ConcurrentHashMap<>();
  /** Heartbeat, reports, janitor: never waits on S3 or on a recording that is ending. */
  private final ScheduledExecutorService ticker;
  private final ScheduledExecutorService uploader;
  private final ExecutorService work;
  private final Thread dispatcher;
  private volatile boolean draining;
  private volatile boolean closed;
  private volatile long bufferBytes;
  private long lastReclaim;
  private long lastRedisWarning;

  private Worker(WorkerConfig config, ClusterConfig cluster, StorageConfig storage, SourceFactory sources) {
    this.config = config;
    this.cluster = cluster;
    this.sources = sources;
    this.keys = new Keys(cluster.keyPrefix());
    this.redis = new RedisLink(cluster);
    this.store = new ObjectStore(storage);
    this.queue = new StartQueue(redis, keys, config.id(), cluster.claimIdle());
    this.janitor = new Janitor(redis, keys, cluster);
    this.completer = new PartCompleter(store);
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("liverec-worker-tick"));
    this.uploader = Executors.newSingleThreadScheduledExecutor(daemon("liverec-worker-upload"));
    this.work = Executors.newCachedThreadPool(daemon("liverec-worker-job"));
    this.dispatcher = new Thread(this::dispatch, "liverec-worker-dispatch-" + config.id());
  }

  /**
   * Joins the fleet and starts taking work.
   *
   * @throws ClusterUnavailableException when Redis cannot be reached
   */
  public static Worker start(WorkerConfig config, ClusterConfig cluster, StorageConfig storage,
      SourceFactory sources) {
    try {
      Files.createDirectories(config.bufferDir());
    } catch (IOException e) {
      throw new ClusterException("cannot create the buffer folder " + config.bufferDir() + ": "
          + e.getMessage(), e);
    }
    Worker w = new Worker(config, cluster, storage, sources);
    try {
      w.queue.ensureGroups();
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
    return recordings.size();
  }

  private double used() {
    double sum = reserved.values().stream().mapToDouble(Double::doubleValue).sum();
    for (WorkerRecording r : recordings.values()) {
      sum += r.spec().cost();
    }
    return sum;
  }

  private double free() {
    return config.capacity() - used();
  }

  // ---- taking work ----

  private void dispatch() {
    while (!draining && !closed) {
      try {
        boolean room = free() >= RecordingCost.MINIMUM_CPUS - 1e-9
            && bufferBytes < config.maxBufferBytes();
        List<StreamMessage<String, String>> messages = List.of();
        if (System.currentTimeMillis() - lastReclaim > cluster.claimIdle().toMillis() / 2) {
          lastReclaim = System.currentTimeMillis();
          messages = queue.reclaim(room);
        }
        if (messages.isEmpty()) {
          messages = queue.read(room, READ_BLOCK);
        }
        for (StreamMessage<String, String> m : messages) {
          if (queue.isStart(m)) {
            takeStart(m);
          } else {
            takeCompletion(m);
          }
        }
      } catch (ClusterUnavailableException e) {
        redisTrouble(e);
        if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
          queue.ensureGroups();
        } else {
          pause(500);
        }
      } catch (RuntimeException e) {
        log.error("worker {}: dispatch failed", config.id(), e);
        pause(500);
      }
    }
  }

  private void takeStart(StreamMessage<String, String> m) {
    String mint = m.getBody().getOrDefault("mint_id", "");
    String requestId = m.getBody().getOrDefault("request_id", "");
    double cost = Double.parseDouble(m.getBody().getOrDefault("cost", "0"));
    if (draining || cost > free() + 1e-9 || reserved.containsKey(mint) || recordings.containsKey(mint)) {
      queue.requeue(m);
      pause(300); // let a worker with room take it
      return;
    }
    reserved.put(mint, cost);
    String claimed;
    try {
      claimed = redis.script(Scripts.CLAIM,
          new String[] {keys.recording(mint), keys.pending(), keys.workerRecordings(config.id())},
          requestId, config.id(), Long.toString(System.currentTimeMillis()));
    } catch (RuntimeException e) {
      reserved.remove(mint);
      throw e;
    }
    queue.ack(m);
    if ("stale".equals(claimed)) {
      reserved.remove(mint);
      return;
    }
    int part = Integer.parseInt(claimed);
    work.execute(() -> open(mint, part));
  }

  private void open(String mint, int part) {
    try {
      Map<String, String> rec = redis.call(r -> r.hgetall(keys.recording(mint)));
      RecordingSpec spec = new RecordingSpec(mint, Integer.parseInt(rec.get("width")),
          Integer.parseInt(rec.get("height")), Integer.parseInt(rec.get("fps")));
      WorkerRecording recording = WorkerRecording.start(spec, part, rec.get("run"),
          config.bufferDir(), store, sources, (key, uploadId) -> redis.call(r ->
              r.hset(keys.part(mint, part), Map.of("key", key, "upload_id", uploadId))));
      recordings.put(mint, recording);
      log.info("[{}] part {} recording on {} ({}x{}@{})", mint, part, config.id(), spec.width(),
          spec.height(), spec.frameRate());
    } catch (RuntimeException e) {
      log.warn("[{}] part {} could not start on {}: {}", mint, part, config.id(), e.getMessage());
      finish(mint, part, ClusterState.FAILED, "could not start recording: " + e.getMessage(),
          PartState.EMPTY, 0, 0);
    } finally {
      reserved.remove(mint);
    }
  }

  private void takeCompletion(StreamMessage<String, String> m) {
    work.execute(() -> {
      String mint = m.getBody().getOrDefault("mint_id", "");
      int part = Integer.parseInt(m.getBody().getOrDefault("part", "0"));
      String key = m.getBody().getOrDefault("key", "");
      String uploadId = m.getBody().getOrDefault("upload_id", "");
      try {
        long bytes = key.isEmpty() || uploadId.isEmpty() ? 0 : completer.complete(key, uploadId);
        redis.call(r -> r.hset(keys.part(mint, part), Map.of("state",
            (bytes > 0 ? PartState.COMPLETE : PartState.EMPTY).name(), "bytes", Long.toString(bytes))));
        queue.ack(m);
        log.info("[{}] part {} of a dead worker completed: {} bytes", mint, part, bytes);
      } catch (RuntimeException e) {
        log.warn("[{}] completing part {} failed, another worker will retry: {}", mint, part,
            e.getMessage());
      }
    });
  }

  // ---- heartbeat, reports, uploads ----

  private void tick() {
    try {
      heartbeat();
      report();
      janitor.tick();
    } catch (ClusterUnavailableException e) {
      redisTrouble(e);
    } catch (RuntimeException e) {
      log.error("worker {}: heartbeat failed", config.id(), e);
    }
  }

  private void heartbeat() {
    bufferBytes = bufferSize();
    double used = used();
    String now = Long.toString(System.currentTimeMillis());
    redis.call(r -> {
      r.set(keys.alive(config.id()), now, SetArgs.Builder.px(cluster.heartbeatTtl().toMillis()));
      r.hset(keys.worker(config.id()), Map.of(
          "capacity", Double.toString(config.capacity()), "used", Double.toString(used),
          "recordings", Integer.toString(recordings.size()), "draining", draining ? "1" : "0",
          "heartbeat_at", now, "buffer_bytes", Long.toString(bufferBytes)));
      r.sadd(keys.workers(), config.id());
      if (draining || bufferBytes >= config.maxBufferBytes()) {
        r.zrem(keys.freeCapacity(), config.id());
      } else {
        r.zadd(keys.freeCapacity(), config.capacity() - used, config.id());
      }
      return null;
    });
  }

  private void report() {
    for (WorkerRecording rec : List.copyOf(recordings.values())) {
      String mint = rec.spec().mintId();
      if (rec.endedByItself()) {
        endAsync(rec);
        continue;
      }
      List<String> args = new ArrayList<>(List.of(config.id(), Integer.toString(rec.part()),
          Long.toString(System.currentTimeMillis())));
      args.addAll(rec.reportFields());
      String outcome = redis.script(Scripts.REPORT,
          new String[] {keys.recording(mint), keys.part(mint, rec.part())}, args.toArray(String[]::new));
      if ("stop".equals(outcome)) {
        endAsync(rec);
      } else if ("lost".equals(outcome) && recordings.remove(mint, rec)) {
        log.warn("[{}] part {} was moved off {} (its heartbeat had expired): abandoning it", mint,
            rec.part(), config.id());
        work.execute(rec::abandon);
      }
    }
  }

  private void pumpAll() {
    for (WorkerRecording rec : List.copyOf(recordings.values())) {
      rec.pump();
    }
  }

  /** Ends a recording on a job thread (stopping and completing takes seconds). */
  private CompletableFuture<Void> endAsync(WorkerRecording rec) {
    if (!recordings.remove(rec.spec().mintId(), rec)) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> end(rec), work);
  }

  private void end(WorkerRecording rec) {
    WorkerRecording.Ending ending = rec.end();
    boolean ok = ending.result().succeeded();
    String reason = ok ? ending.result().endReason() : ending.result().failureReason();
    PartState partState = !ending.completed() ? PartState.INTERRUPTED
        : ending.bytes() > 0 ? PartState.COMPLETE : PartState.EMPTY;
    finish(rec.spec().mintId(), rec.part(), ok ? ClusterState.STOPPED : ClusterState.FAILED,
        reason == null ? "" : reason, partState, ending.bytes(),
        ending.result().mediaDuration().toMillis());
    if (!ending.completed()) {
      try {
        redis.call(r -> r.xadd(keys.completions(), Map.of("mint_id", rec.spec().mintId(),
            "part", Integer.toString(rec.part()), "key", rec.objectKey(), "upload_id", rec.uploadId())));
      } catch (ClusterUnavailableException e) {
        log.error("[{}] part {}: its object needs completing ({}), but Redis is away",
            rec.spec().mintId(), rec.part(), rec.objectKey());
      }
    }
    log.info("[{}] part {} ended on {}: {} bytes, {} ms of media", rec.spec().mintId(), rec.part(),
        config.id(), ending.bytes(), ending.result().mediaDuration().toMillis());
  }

  private void finish(String mint, int part, ClusterState state, String reason, PartState partState,
      long bytes, long mediaMs) {
    try {
      redis.script(Scripts.FINISH, new String[] {keys.recording(mint), keys.part(mint, part),
              keys.active(), keys.workerRecordings(config.id())},
          config.id(), Integer.toString(part), Long.toString(System.currentTimeMillis()),
          state.name(), reason, partState.name(), Long.toString(bytes), Long.toString(mediaMs));
    } catch (ClusterUnavailableException e) {
      log.error("[{}] part {} ended ({}, {} bytes) but Redis did not take the news: {}", mint, part,
          state, bytes, e.getMessage());
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
    log.info("worker {} draining {} recordings", config.id(), recordings.size());
    try {
      heartbeat();
    } catch (ClusterUnavailableException e) {
      redisTrouble(e);
    }
    joinQuietly(dispatcher, READ_BLOCK.multipliedBy(4));
    List<CompletableFuture<Void>> endings = new ArrayList<>();
    for (WorkerRecording rec : List.copyOf(recordings.values())) {
      handOverIfPossible(rec);
      endings.add(endAsync(rec));
    }
    try {
      CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new))
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
      List<ScoredValue<String>> top = redis.call(r -> r.zrevrangeWithScores(keys.freeCapacity(), 0, 0));
      if (!top.isEmpty() && top.get(0).getScore() + 1e-9 >= rec.spec().cost()) {
        janitor.moveOn(config.id(), rec.spec().mintId(), false,
            "handed over by draining worker " + config.id());
      }
    } catch (ClusterUnavailableException e) {
      log.warn("[{}] cannot hand over while Redis is away; ending it here", rec.spec().mintId());
    }
  }

  /** Drains (see {@link #drain()}), leaves the fleet and frees everything. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    drain();
    closed = true;
    ticker.shutdownNow();
    uploader.shutdownNow();
    work.shutdown();
    try {
      // The last heartbeat must be over before the worker's keys go, or it would announce it again.
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      uploader.awaitTermination(5, TimeUnit.SECONDS);
      work.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      redis.call(r -> {
        // Leave the set first: a janitor must never see a member without a heartbeat.
        r.srem(keys.workers(), config.id());
        r.zrem(keys.freeCapacity(), config.id());
        r.del(keys.alive(config.id()), keys.worker(config.id()), keys.workerRecordings(config.id()));
        return null;
      });
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

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
        recordings.size(), used(), config.capacity());
  }
}
