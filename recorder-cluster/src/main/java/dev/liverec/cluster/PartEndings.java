package dev.liverec.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker's parts end, on its job threads (stopping and completing takes seconds): a part
 * that was stopped or ended by itself ends its recording; a part whose recorder process died
 * ({@link PartRecorder#died()}) gets its object completed from the file the recorder left and the
 * recording goes on as the next part on this worker, at most {@link #MAX_RESTARTS} times within
 * {@link #RESTART_WINDOW_MS}, then it FAILS with the reason.
 */
final class PartEndings {
  private static final Logger log = LoggerFactory.getLogger(PartEndings.class);
  static final int MAX_RESTARTS = 3;
  static final long RESTART_WINDOW_MS = 60_000;

  /** What the endings need from their worker. */
  record Context(String workerId, WorkerConfig config, WorkerLedger ledger, WorkerLoad load,
      ObjectStore store, PartLauncher launcher, Janitor janitor, ExecutorService work,
      BooleanSupplier taking) {}

  private final Context c;
  /** Recent restarts by mint_id (their times), to bound a recorder that keeps dying. */
  private final Map<String, Deque<Long>> restarts = new ConcurrentHashMap<>();

  PartEndings(Context context) {
    this.c = context;
  }

  /** Ends a recording's part on a job thread; a no-op when another thread already took it. */
  CompletableFuture<Void> endAsync(WorkerRecording rec) {
    if (!c.load().remove(rec)) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> end(rec), c.work());
  }

  /**
   * A part whose recorder ended by itself: a dead recorder process is restarted as the next part
   * while the worker takes work and the budget allows, anything else ends the recording.
   */
  void endedByItself(WorkerRecording rec) {
    if (!rec.died() || !c.taking().getAsBoolean()) {
      endAsync(rec);
      return;
    }
    if (!c.load().remove(rec)) {
      return;
    }
    long diedAt = System.currentTimeMillis();
    String mint = rec.spec().mintId();
    boolean room = c.load().reserve(mint, rec.spec().cost());
    c.work().execute(() -> {
      try {
        restart(rec, diedAt, room);
      } finally {
        c.load().release(mint);
      }
    });
  }

  private void end(WorkerRecording rec) {
    restarts.remove(rec.spec().mintId());
    WorkerRecording.Ending ending = rec.end();
    boolean ok = ending.result().succeeded();
    String reason = ok ? ending.result().endReason() : ending.result().failureReason();
    finish(rec, ending, ok ? ClusterState.STOPPED : ClusterState.FAILED, reason);
  }

  /**
   * The next part starts before the dead one's object is completed (uploading the rest and
   * completing takes seconds), so the gap between the parts is only the new child's start.
   */
  private void restart(WorkerRecording rec, long diedAt, boolean room) {
    String mint = rec.spec().mintId();
    String why = rec.endedBecause();
    log.warn("[{}] part {}: its recorder process died on {} ({}); going on as the next part",
        mint, rec.part(), c.workerId(), why);
    int recent = countRestart(mint);
    if (recent > MAX_RESTARTS) {
      restarts.remove(mint);
      finish(rec, rec.end(), ClusterState.FAILED, "its recorder process died " + recent
          + " times within " + RESTART_WINDOW_MS / 1000 + " s (last: " + why + ")");
      return;
    }
    if (!c.taking().getAsBoolean() || !room) {
      if (c.taking().getAsBoolean()) {
        // The worker filled up between the death and now: the fleet continues it elsewhere.
        c.janitor().moveOn(c.workerId(), mint, false, "recorder process died; no room to restart");
      }
      finish(rec, rec.end(), ClusterState.STOPPED, "its recorder process died: " + why);
      return;
    }
    WorkerLedger.NextPart next;
    try {
      next = c.ledger().nextPart(mint, rec.part(), PartState.INTERRUPTED, rec.uploadedBytes(),
          rec.mediaMs(), diedAt, "recorder process died: " + why);
    } catch (ClusterUnavailableException e) {
      log.error("[{}] part {}: cannot go on as the next part while Redis is away", mint, rec.part());
      needsCompletion(rec, rec.end());
      return;
    }
    if (next.part() == 0) {
      WorkerRecording.Ending ending = rec.end();
      if (next.stopAsked()) {
        finish(rec, ending, ClusterState.STOPPED, "stopped while its recorder process restarted");
      } else {
        completed(rec, ending);
      }
      return;
    }
    c.work().execute(() -> completed(rec, rec.end()));
    open(rec.spec(), next.part());
  }

  /** A dead part's object is complete (or left to a completer): its part says so. */
  private void completed(WorkerRecording rec, WorkerRecording.Ending ending) {
    if (!ending.completed()) {
      needsCompletion(rec, ending);
      return;
    }
    try {
      c.ledger().completed(rec.spec().mintId(), rec.part(), ending.bytes());
      log.info("[{}] part {} completed from the file its recorder process left: {} bytes",
          rec.spec().mintId(), rec.part(), ending.bytes());
    } catch (ClusterUnavailableException e) {
      log.error("[{}] part {} is complete ({} bytes) but Redis did not take the news",
          rec.spec().mintId(), rec.part(), ending.bytes());
    }
  }

  private void open(RecordingSpec spec, int part) {
    String mint = spec.mintId();
    try {
      String run = c.ledger().recording(mint).get("run");
      WorkerRecording next = WorkerRecording.start(spec, part, run, c.config().bufferDir(),
          c.store(), c.launcher(), (key, uploadId) -> c.ledger().announceObject(mint, part, key, uploadId));
      c.load().recording(next);
      log.info("[{}] part {} recording on {} after its recorder process died", mint, part,
          c.workerId());
    } catch (RuntimeException e) {
      log.warn("[{}] part {} could not restart on {}: {}", mint, part, c.workerId(), e.getMessage());
      try {
        c.ledger().finish(mint, part, ClusterState.FAILED, "could not restart recording: "
            + e.getMessage(), PartState.EMPTY, 0, 0);
      } catch (ClusterUnavailableException redisAway) {
        log.error("[{}] part {} failed to restart and Redis is away", mint, part);
      }
    }
  }

  /** Counts a restart of {@code mint}: how many happened within the window, this one included. */
  private int countRestart(String mint) {
    long now = System.currentTimeMillis();
    Deque<Long> times = restarts.computeIfAbsent(mint, m -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && now - times.peekFirst() > RESTART_WINDOW_MS) {
        times.pollFirst();
      }
      times.addLast(now);
      return times.size();
    }
  }

  private void finish(WorkerRecording rec, WorkerRecording.Ending ending, ClusterState state,
      @org.jspecify.annotations.Nullable String reason) {
    String mint = rec.spec().mintId();
    long mediaMs = ending.result().mediaDuration().toMillis();
    try {
      c.ledger().finish(mint, rec.part(), state, reason == null ? "" : reason, partState(ending),
          ending.bytes(), mediaMs);
    } catch (ClusterUnavailableException e) {
      log.error("[{}] part {} ended ({}, {} bytes) but Redis did not take the news: {}", mint,
          rec.part(), state, ending.bytes(), e.getMessage());
    }
    needsCompletion(rec, ending);
    log.info("[{}] part {} ended on {}: {} bytes, {} ms of media", mint, rec.part(), c.workerId(),
        ending.bytes(), mediaMs);
  }

  private void needsCompletion(WorkerRecording rec, WorkerRecording.Ending ending) {
    if (ending.completed()) {
      return;
    }
    try {
      c.ledger().needsCompletion(rec.spec().mintId(), rec.part(), rec.objectKey(), rec.uploadId());
    } catch (ClusterUnavailableException e) {
      log.error("[{}] part {}: its object needs completing ({}), but Redis is away",
          rec.spec().mintId(), rec.part(), rec.objectKey());
    }
  }

  private static PartState partState(WorkerRecording.Ending ending) {
    return !ending.completed() ? PartState.INTERRUPTED
        : ending.bytes() > 0 ? PartState.COMPLETE : PartState.EMPTY;
  }
}
