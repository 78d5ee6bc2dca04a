package dev.liverec.cluster;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's dispatch loop: reads start requests while the worker has room (and completions
 * always), retakes entries dead workers left unacknowledged, claims starts atomically and opens
 * each recording on a job thread.
 */
final class WorkerIntake implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(WorkerIntake.class);
  static final Duration READ_BLOCK = Duration.ofMillis(500);

  /** What the intake needs from its worker. */
  record Context(WorkerConfig config, ClusterConfig cluster, StartQueue queue, WorkerLedger ledger,
      WorkerLoad load, ObjectStore store, PartLauncher recorders, ExecutorService work,
      BooleanSupplier taking, Consumer<ClusterUnavailableException> trouble) {}

  private final Context c;
  private final PartCompleter completer;
  private volatile long bufferBytes;
  private long lastReclaim;

  WorkerIntake(Context context) {
    this.c = context;
    this.completer = new PartCompleter(context.store());
  }

  /** The buffer folder's size, as the heartbeat last measured it. */
  void bufferBytes(long bytes) {
    this.bufferBytes = bytes;
  }

  @Override
  public void run() {
    while (c.taking().getAsBoolean()) {
      try {
        boolean room = c.queue().wantsStarts(c.load().free())
            && bufferBytes < c.config().maxBufferBytes();
        List<StreamMessage<String, String>> messages = List.of();
        if (System.currentTimeMillis() - lastReclaim > c.cluster().claimIdle().toMillis() / 2) {
          lastReclaim = System.currentTimeMillis();
          messages = c.queue().reclaim(room);
        }
        if (messages.isEmpty()) {
          messages = c.queue().read(room, READ_BLOCK);
        }
        for (StreamMessage<String, String> m : messages) {
          if (c.queue().isStart(m)) {
            takeStart(m);
          } else {
            takeCompletion(m);
          }
        }
      } catch (ClusterUnavailableException e) {
        c.trouble().accept(e);
        if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
          c.queue().ensureGroups();
        } else {
          pause(500);
        }
      } catch (RuntimeException e) {
        log.error("worker {}: dispatch failed", c.config().id(), e);
        pause(500);
      }
    }
  }

  private void takeStart(StreamMessage<String, String> m) {
    String mint = m.getBody().getOrDefault("mint_id", "");
    double cost = Double.parseDouble(m.getBody().getOrDefault("cost", "0"));
    double free = c.load().free();
    if (!c.taking().getAsBoolean() || !c.load().reserve(mint, cost)) {
      if (cost > free + 1e-9) {
        c.queue().misfit(cost);
      }
      c.queue().requeue(m);
      pause(300); // let a worker with room take it
      return;
    }
    StartQueue.Taken taken;
    try {
      taken = c.queue().take(m, c.config().id(), free, cost, c.cluster().spreadWait());
    } catch (RuntimeException e) {
      c.load().release(mint);
      throw e;
    }
    if (taken instanceof StartQueue.Taken.Claimed claimed) {
      c.work().execute(() -> open(mint, claimed.part()));
      return;
    }
    c.load().release(mint);
    if (taken instanceof StartQueue.Taken.Requeued) {
      pause(300); // let a worker with more room take it
    }
  }

  private void open(String mint, int part) {
    try {
      Map<String, String> rec = c.ledger().recording(mint);
      RecordingSpec spec = new RecordingSpec(mint, Integer.parseInt(rec.get("width")),
          Integer.parseInt(rec.get("height")), Integer.parseInt(rec.get("fps")));
      WorkerRecording recording = WorkerRecording.start(spec, part, rec.get("run"),
          c.config().bufferDir(), c.store(), c.recorders(),
          (key, uploadId) -> c.ledger().announceObject(mint, part, key, uploadId));
      c.load().recording(recording);
      log.info("[{}] part {} recording on {} ({}x{}@{})", mint, part, c.config().id(), spec.width(),
          spec.height(), spec.frameRate());
    } catch (RuntimeException e) {
      c.load().release(mint);
      log.warn("[{}] part {} could not start on {}: {}", mint, part, c.config().id(), e.getMessage());
      try {
        c.ledger().finish(mint, part, ClusterState.FAILED, "could not start recording: "
            + e.getMessage(), PartState.EMPTY, 0, 0);
      } catch (ClusterUnavailableException redisAway) {
        c.trouble().accept(redisAway);
      }
    }
  }

  private void takeCompletion(StreamMessage<String, String> m) {
    c.work().execute(() -> {
      String mint = m.getBody().getOrDefault("mint_id", "");
      int part = Integer.parseInt(m.getBody().getOrDefault("part", "0"));
      String key = m.getBody().getOrDefault("key", "");
      String uploadId = m.getBody().getOrDefault("upload_id", "");
      try {
        long bytes = key.isEmpty() || uploadId.isEmpty() ? 0 : completer.complete(key, uploadId);
        c.ledger().completed(mint, part, bytes);
        c.queue().ack(m);
        log.info("[{}] part {} completed from its uploads: {} bytes", mint, part, bytes);
      } catch (RuntimeException e) {
        log.warn("[{}] completing part {} failed, another worker will retry: {}", mint, part,
            e.getMessage());
      }
    });
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
