package dev.liverec.app.server;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStatus;
import dev.liverec.spi.FrameSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's recordings by mint_id. Each id has at most one {@link Recording} that owns its
 * session from admission to finish; the registry's lock only guards the map (never a session
 * opening or draining), so a start and a stop of one id, in any interleaving, get answers in
 * bounded time and never leave a session or source thread without an owner. Finished recordings
 * keep their last snapshot for status calls.
 */
final class RecordingRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordingRegistry.class);
  /** Finished recordings whose status stays available; the oldest are forgotten beyond this. */
  static final int FINISHED_RETAINED = 1000;
  /** How long a start waits for its file to hold data before answering. */
  static final Duration START_CONFIRM = Duration.ofSeconds(3);
  /** How long a stop waits for a start still in progress. */
  static final Duration START_WAIT = Duration.ofSeconds(10);

  private final RecordingFiles files;
  private final SourceFactory sources;
  private final int maxRecordings;
  private final CostModel costs;
  private final Recorder recorder;
  private final HealthState health;
  private final RecordingListener listener;
  private final Map<MintId, Object> slots = new LinkedHashMap<>();
  private boolean closed;

  RecordingRegistry(RecordingFiles files, SourceFactory sources, int maxRecordings,
      CostModel costs, HealthState health, Recorder recorder, RecordingListener listener) {
    this.files = files;
    this.sources = sources;
    this.maxRecordings = maxRecordings;
    this.costs = costs;
    this.health = health;
    this.recorder = recorder;
    this.listener = listener;
  }

  /** A finished recording's last snapshot. */
  private record Finished(RecordingStatus status, long fileSize, @Nullable RecordingResult result) {}

  /**
   * What the API shows for one recording.
   *
   * @param status state, output, stats
   * @param fileSize bytes on disk now
   * @param degraded why the session falls behind its source, or null when it keeps up
   */
  record View(RecordingStatus status, long fileSize, @Nullable String degraded) {}

  /**
   * Starts a recording and answers once its file holds data.
   *
   * @throws ApiException 409 if this id is recording or stopping, 503 at the limit, over the CPU
   *     budget, with the disk unusable or after close, 500 if the recorder cannot start or write
   */
  View start(MintId id, VideoQuality quality) {
    Recording recording = admit(id, quality);
    try {
      recording.start(START_CONFIRM);
    } catch (RuntimeException e) {
      ApiException answer = e instanceof ApiException a ? a
          : ApiException.internal("could not start recording " + id + ": " + e.getMessage());
      recording.stop(START_WAIT, () -> finish(recording));
      health.failed(id + ": " + answer.reason());
      log.warn("[{}] could not start: {}", id, answer.reason());
      throw answer;
    }
    log.info("[{}] recording to {} from {}", id, recording.session().config().output(),
        sources.describe());
    View view = view(recording);
    listener.started(view);
    return view;
  }

  private synchronized Recording admit(MintId id, VideoQuality quality) {
    if (closed) {
      throw ApiException.unavailable("the server is shutting down");
    }
    if (slots.get(id) instanceof Recording r) {
      throw ApiException.conflict("mint_id " + id + (r.stopping()
          ? " is stopping; start it again once the stop has answered"
          : " is already recording; stop it first"));
    }
    health.checkWritable();
    List<Recording> running = running();
    if (running.size() >= maxRecordings) {
      throw ApiException.unavailable("already " + running.size()
          + " recordings running, the server's limit; stop one first");
    }
    double cost = CostModel.cost(sources.expectedFormat().orElse(CostModel.UNKNOWN_FORMAT));
    costs.admit(running.stream().mapToDouble(Recording::cost).sum(), cost, running.size());
    Path output = files.newOutput(id);
    FrameSource source;
    try {
      source = sources.create(id);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.internal("no stream for mint_id " + id + ": " + e.getMessage());
    }
    RecordingSession session = recorder.newRecording(config(id, output, quality), source);
    Recording recording = new Recording(id, session, cost);
    slots.remove(id);
    slots.put(id, recording);
    return recording;
  }

  private RecorderConfig config(MintId id, Path output, VideoQuality quality) {
    RecorderConfig.Builder builder = recorder.newConfig(output).name(id.value());
    if (quality != VideoQuality.MEDIUM) {
      long base = sources.expectedFormat()
          .map(f -> RecorderConfig.builder(output).frameRate(f.frameRate()).build()
              .videoBitRate(f.width(), f.height()))
          .orElse(RecorderConfig.REFERENCE_VIDEO_BIT_RATE);
      builder.videoBitRate(Math.max(50_000, Math.round(base * quality.bitRateFactor())));
    }
    sources.expectedFormat().ifPresent(f -> builder.frameRate(f.frameRate()));
    return builder.build();
  }

  /**
   * Stops a recording and returns how it ended; stopping a finished one returns its result again,
   * and concurrent stops of one id share one result.
   *
   * @throws ApiException 404 for an unknown id, 500 if the session does not finish in time
   */
  RecordingResult stop(MintId id) {
    Object slot;
    synchronized (this) {
      slot = slots.get(id);
    }
    if (slot == null) {
      throw ApiException.notFound("no recording with mint_id " + id);
    }
    if (slot instanceof Finished finished) {
      return resultOf(finished);
    }
    Recording recording = (Recording) slot;
    boolean first = !recording.stopping();
    RecordingResult result = recording.stop(START_WAIT, () -> finish(recording));
    if (first) {
      log.info("[{}] stopped: {}, {} bytes, {} ms of media", id, result.state(), result.bytes(),
          result.mediaDuration().toMillis());
    }
    return result;
  }

  private static RecordingResult resultOf(Finished finished) {
    if (finished.result() != null) {
      return finished.result();
    }
    RecordingStatus s = finished.status();
    return new RecordingResult(s.state(), s.failureReason(), s.output(),
        Duration.ofMillis(s.stats().mediaDurationMs()), finished.fileSize(), s.stats());
  }

  /**
   * The status of a running or finished recording.
   *
   * @throws ApiException 404 for an unknown id
   */
  View status(MintId id) {
    Object slot;
    synchronized (this) {
      slot = slots.get(id);
    }
    if (slot == null) {
      throw ApiException.notFound("no recording with mint_id " + id);
    }
    if (slot instanceof Recording r) {
      return view(r);
    }
    Finished f = (Finished) slot;
    return new View(f.status(), f.fileSize(), null);
  }

  /** The recordings that are running now, in start order. */
  List<View> active() {
    List<Recording> live;
    synchronized (this) {
      live = running();
    }
    return live.stream().map(RecordingRegistry::view).toList();
  }

  /** Running recordings now. */
  synchronized int activeCount() {
    return running().size();
  }

  /** Running recordings that fall behind their source now. */
  synchronized long degradedCount() {
    return running().stream().filter(r -> r.check().degradedReason() != null).count();
  }

  private List<Recording> running() {
    List<Recording> live = new ArrayList<>();
    for (Object slot : slots.values()) {
      if (slot instanceof Recording r) {
        live.add(r);
      }
    }
    return live;
  }

  /** The running recordings themselves, for {@link SessionWatch}. */
  synchronized List<Recording> live() {
    return running();
  }

  /** Remembers a failure for {@code /health}. */
  void failed(String what) {
    health.failed(what);
  }

  private synchronized void finish(Recording recording) {
    if (slots.get(recording.id()) != recording) {
      return;
    }
    slots.remove(recording.id());
    RecordingStatus status = recording.status();
    RecordingResult result = recording.session().awaitResult(Duration.ZERO).orElse(null);
    Finished done = new Finished(status,
        result != null ? result.bytes() : Recording.sizeOf(status.output()), result);
    slots.put(recording.id(), done);
    listener.ended(new View(status, done.fileSize(), null), result);
    long finished = slots.values().stream().filter(s -> s instanceof Finished).count();
    Iterator<Map.Entry<MintId, Object>> it = slots.entrySet().iterator();
    while (finished > FINISHED_RETAINED && it.hasNext()) {
      Map.Entry<MintId, Object> entry = it.next();
      if (entry.getValue() instanceof Finished) {
        it.remove();
        finished--;
        listener.forgotten(entry.getKey());
      }
    }
  }

  private static View view(Recording r) {
    RecordingStatus status = r.status();
    return new View(status, Recording.sizeOf(status.output()), r.check().degradedReason());
  }

  /**
   * Refuses new starts and stops every running recording, in parallel, so each file is complete;
   * waits at most {@code timeout}.
   */
  void stopAll(Duration timeout) {
    List<Recording> live;
    synchronized (this) {
      closed = true;
      live = running();
    }
    if (live.isEmpty()) {
      return;
    }
    log.info("stopping {} recordings", live.size());
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (Recording r : live) {
      stops.add(CompletableFuture.runAsync(() -> stopQuietly(r), runnable -> {
        Thread t = new Thread(runnable, "liverec-stop-" + r.id());
        t.start();
      }));
    }
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("not every recording stopped within {} ms", timeout.toMillis());
    }
  }

  private void stopQuietly(Recording r) {
    try {
      r.stop(START_WAIT, () -> finish(r));
    } catch (RuntimeException e) {
      log.warn("[{}] stop at shutdown failed: {}", r.id(), e.getMessage());
    }
  }

  @Override
  public void close() {
    stopAll(Duration.ofSeconds(10));
  }
}
