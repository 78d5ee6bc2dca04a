package dev.liverec.app.server;

import dev.liverec.LiverecException;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStatus;
import dev.liverec.spi.FrameSource;
import java.io.IOException;
import java.nio.file.Files;
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
 * The server's recordings by mint_id: one {@link RecordingSession} each while it runs, then a
 * final snapshot (the session itself, its thread and buffers are released). Thread-safe; a start
 * or stop never holds the registry's lock while the session opens or drains.
 */
final class RecordingRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordingRegistry.class);
  /** Finished recordings whose status stays available; the oldest are forgotten beyond this. */
  static final int FINISHED_RETAINED = 1000;

  private final RecordingFiles files;
  private final SourceFactory sources;
  private final int maxRecordings;
  private final Map<MintId, Slot> slots = new LinkedHashMap<>();
  private boolean closed;

  RecordingRegistry(RecordingFiles files, SourceFactory sources, int maxRecordings) {
    this.files = files;
    this.sources = sources;
    this.maxRecordings = maxRecordings;
  }

  /** A recording: running (holds the session) or finished (holds only its last snapshot). */
  private sealed interface Slot permits Live, Finished {}

  private record Live(RecordingSession session) implements Slot {}

  private record Finished(RecordingStatus status, long fileSize, @Nullable RecordingResult result)
      implements Slot {}

  /**
   * What the API shows for one recording.
   *
   * @param status state, output, stats
   * @param fileSize bytes on disk now
   */
  record View(RecordingStatus status, long fileSize) {}

  /**
   * Starts a recording.
   *
   * @throws ApiException 409 if this id is recording, 503 at the limit or after close, 500 if the
   *     recorder cannot start
   */
  View start(MintId id, VideoQuality quality) {
    RecordingSession session;
    synchronized (this) {
      if (closed) {
        throw ApiException.unavailable("the server is shutting down");
      }
      reapLocked();
      if (slots.get(id) instanceof Live) {
        throw ApiException.conflict("mint_id " + id + " is already recording; stop it first");
      }
      long running = slots.values().stream().filter(s -> s instanceof Live).count();
      if (running >= maxRecordings) {
        throw ApiException.unavailable(
            "already " + running + " recordings running, the server's limit; stop one first");
      }
      Path output = files.newOutput(id);
      FrameSource source;
      try {
        source = sources.create(id);
      } catch (ApiException e) {
        throw e;
      } catch (RuntimeException e) {
        throw ApiException.internal("no stream for mint_id " + id + ": " + e.getMessage());
      }
      session = RecordingSession.create(config(id, output, quality), source);
      slots.remove(id);
      slots.put(id, new Live(session));
    }
    try {
      session.start();
    } catch (RuntimeException e) {
      RecordingStatus status = session.status();
      synchronized (this) {
        finishLocked(id, session, null);
      }
      session.close();
      log.warn("[{}] could not start: {}", id, e.getMessage());
      throw ApiException.internal("could not start recording " + id + ": "
          + (status.failureReason() != null ? status.failureReason() : e.getMessage()));
    }
    log.info("[{}] recording to {} from {}", id, session.config().output(), sources.describe());
    return view(session.status());
  }

  private RecorderConfig config(MintId id, Path output, VideoQuality quality) {
    RecorderConfig.Builder builder = RecorderConfig.builder(output).name(id.value());
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
   * Stops a recording and returns how it ended; stopping a finished one returns its result again.
   *
   * @throws ApiException 404 for an unknown id, 500 if the session does not finish in time
   */
  RecordingResult stop(MintId id) {
    Slot slot;
    synchronized (this) {
      slot = slots.get(id);
    }
    if (slot == null) {
      throw ApiException.notFound("no recording with mint_id " + id);
    }
    if (slot instanceof Finished finished) {
      if (finished.result() != null) {
        return finished.result();
      }
      RecordingStatus s = finished.status();
      return new RecordingResult(s.state(), s.failureReason(), s.output(),
          Duration.ofMillis(s.stats().mediaDurationMs()), finished.fileSize(), s.stats());
    }
    RecordingSession session = ((Live) slot).session();
    RecordingResult result;
    try {
      result = session.stop();
    } catch (LiverecException e) {
      throw ApiException.internal("stopping " + id + " failed: " + e.getMessage());
    } finally {
      session.close();
    }
    synchronized (this) {
      finishLocked(id, session, result);
    }
    log.info("[{}] stopped: {}, {} bytes, {} ms of media", id, result.state(), result.bytes(),
        result.mediaDuration().toMillis());
    return result;
  }

  /**
   * The status of a running or finished recording.
   *
   * @throws ApiException 404 for an unknown id
   */
  View status(MintId id) {
    Slot slot;
    synchronized (this) {
      reapLocked();
      slot = slots.get(id);
    }
    if (slot == null) {
      throw ApiException.notFound("no recording with mint_id " + id);
    }
    return slot instanceof Live live
        ? view(live.session().status())
        : new View(((Finished) slot).status(), ((Finished) slot).fileSize());
  }

  /** The recordings that are running now, in start order. */
  List<View> active() {
    List<RecordingSession> live = new ArrayList<>();
    synchronized (this) {
      reapLocked();
      for (Slot slot : slots.values()) {
        if (slot instanceof Live l) {
          live.add(l.session());
        }
      }
    }
    return live.stream().map(s -> view(s.status())).toList();
  }

  /** Running recordings now. */
  synchronized int activeCount() {
    reapLocked();
    return (int) slots.values().stream().filter(s -> s instanceof Live).count();
  }

  /** Moves sessions that ended by themselves (end of stream, failure) to finished. */
  synchronized void reap() {
    reapLocked();
  }

  private void reapLocked() {
    List<Map.Entry<MintId, Slot>> ended = new ArrayList<>();
    for (Map.Entry<MintId, Slot> e : slots.entrySet()) {
      if (e.getValue() instanceof Live live && live.session().state().isFinal()) {
        ended.add(e);
      }
    }
    for (Map.Entry<MintId, Slot> e : ended) {
      RecordingSession session = ((Live) e.getValue()).session();
      RecordingResult result = session.awaitResult(Duration.ZERO).orElse(null);
      session.close();
      finishLocked(e.getKey(), session, result);
      log.info("[{}] ended by itself: {}", e.getKey(), session.state());
    }
  }

  private void finishLocked(MintId id, RecordingSession session, @Nullable RecordingResult result) {
    Slot current = slots.get(id);
    if (!(current instanceof Live live) || live.session() != session) {
      return;
    }
    slots.remove(id);
    RecordingStatus status = session.status();
    slots.put(id, new Finished(status, result != null ? result.bytes() : sizeOf(status), result));
    long finished = slots.values().stream().filter(s -> s instanceof Finished).count();
    Iterator<Map.Entry<MintId, Slot>> it = slots.entrySet().iterator();
    while (finished > FINISHED_RETAINED && it.hasNext()) {
      if (it.next().getValue() instanceof Finished) {
        it.remove();
        finished--;
      }
    }
  }

  private static View view(RecordingStatus status) {
    return new View(status, sizeOf(status));
  }

  private static long sizeOf(RecordingStatus status) {
    try {
      return Files.exists(status.output()) ? Files.size(status.output()) : 0;
    } catch (IOException e) {
      return status.stats().bytesWritten();
    }
  }

  /**
   * Refuses new starts and stops every running recording, in parallel, so each file is complete;
   * waits at most {@code timeout}.
   */
  void stopAll(Duration timeout) {
    List<MintId> live = new ArrayList<>();
    synchronized (this) {
      closed = true;
      slots.forEach((id, slot) -> {
        if (slot instanceof Live) {
          live.add(id);
        }
      });
    }
    if (live.isEmpty()) {
      return;
    }
    log.info("stopping {} recordings", live.size());
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (MintId id : live) {
      stops.add(CompletableFuture.runAsync(() -> stopQuietly(id), runnable -> {
        Thread t = new Thread(runnable, "liverec-stop-" + id);
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

  private void stopQuietly(MintId id) {
    try {
      stop(id);
    } catch (RuntimeException e) {
      log.warn("[{}] stop at shutdown failed: {}", id, e.getMessage());
    }
  }

  @Override
  public void close() {
    stopAll(Duration.ofSeconds(10));
  }
}
