package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part's recorder dies on a worker that has no room left to restart it (the room the dead part
 * freed was promised to another start meanwhile): {@link PartEndings} hands the recording to the
 * fleet, another worker records it on as part 2 of the same mint_id, and the dead part's object
 * is completed from what its recorder finished.
 */
class PartHandOverTest {
  private static final String MINT = "handed_on";

  @TempDir Path dir;

  @Test
  void aWorkerWithoutRoomHandsADeadPartsRecordingToTheFleet() throws Exception {
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    ExecutorService work = Executors.newCachedThreadPool();
    try (Fleet fleet = new Fleet(dir, "handover");
        RedisLink redis = new RedisLink(fleet.cluster);
        ObjectStore store = new ObjectStore(fleet.storage())) {
      // Given a worker "full" (its ledger, start queue, load and part endings, as a Worker wires
      // them) that claims a recording and records it with a recorder the test can kill
      Keys keys = new Keys(fleet.cluster.keyPrefix());
      WorkerLedger ledger = new WorkerLedger(redis, keys, "full", fleet.cluster);
      RecordingSpec spec = new RecordingSpec(MINT, 320, 180, 15);
      double cost = spec.cost();
      ledger.heartbeat(2 * cost, 0, 0, false, 0, 2 * cost);
      StartQueue queue = new StartQueue(redis, keys, "full", fleet.cluster.claimIdle());
      queue.ensureGroups();
      ClusterFront front = fleet.front();
      front.start(spec);
      List<StreamMessage<String, String>> starts = queue.read(true, Duration.ofSeconds(5));
      assertThat(starts).hasSize(1);
      assertThat(queue.take(starts.get(0), "full", 2 * cost, cost, fleet.cluster.spreadWait()))
          .isEqualTo(new StartQueue.Taken.Claimed(1));
      // it keeps beating, offering no more room
      beats.scheduleWithFixedDelay(() -> ledger.heartbeat(1.5 * cost, 1.5 * cost, 1, false, 0,
          null), 0, 500, TimeUnit.MILLISECONDS);
      KillableParts recorders = new KillableParts();
      WorkerConfig config = fleet.workerConfig("full", 1.5 * cost);
      WorkerRecording part1 = WorkerRecording.start(spec, 1, ledger.recording(MINT).get("run"),
          config.bufferDir(), store, recorders, (key, id) -> ledger.announceObject(MINT, 1, key, id));
      // room for one and a half recordings, promised to another start being opened: what the
      // race leaves when that start reserves the room the dead part frees before the restart
      // does (set up before the death here, as that race cannot be timed from outside)
      WorkerLoad load = new WorkerLoad(config.capacity());
      assertThat(load.reserve("another_start", cost)).isTrue();
      load.recording(part1);
      PartEndings endings = new PartEndings(new PartEndings.Context("full", config, ledger, load,
          store, recorders, new Janitor(redis, keys, fleet.cluster), work, () -> true));
      Fleet.await("1.2 s of media in part 1", Duration.ofSeconds(20),
          () -> recorders.launched().get(0).mediaMs() >= 1200);
      // and a worker with room
      fleet.worker("spare", 0.5);

      // When part 1's recorder dies and the worker sees it (as its report tick would)
      recorders.launched().get(0).kill();
      assertThat(part1.endedByItself()).isTrue();
      endings.endedByItself(part1);

      // Then the recording goes on as part 2 on the other worker, not restarted here
      Fleet.await("part 2 recording on spare", Duration.ofSeconds(20), () -> {
        RecordingView v = front.status(MINT);
        return v.parts().size() == 2 && v.parts().get(1).state() == PartState.RECORDING
            && v.stats().mediaDurationMs() >= 1000;
      });
      RecordingView view = front.status(MINT);
      assertThat(view.state()).isEqualTo(ClusterState.RECORDING);
      assertThat(view.worker()).isEqualTo("spare");
      assertThat(view.reason()).isEqualTo("recorder process died; no room to restart");
      assertThat(recorders.launched()).hasSize(1);
      assertThat(load.count()).isZero();
      // and part 1, ended on "full", is an object that decodes; part 2 too once stopped
      assertThat(front.stop(MINT).state()).isIn(ClusterState.STOPPING, ClusterState.STOPPED);
      Fleet.await("both parts complete", Duration.ofSeconds(20), () -> front.status(MINT).parts()
          .stream().allMatch(p -> p.state() == PartState.COMPLETE));
      List<PartView> parts = front.status(MINT).parts();
      assertThat(parts.get(0).worker()).isEqualTo("full");
      assertThat(parts.get(1).worker()).isEqualTo("spare");
      for (PartView part : parts) {
        assertThat(Parts.decode(fleet, dir, MINT, part).durationSeconds()).isPositive();
      }
    } finally {
      beats.shutdownNow();
      work.shutdown();
      work.awaitTermination(20, TimeUnit.SECONDS);
    }
  }
}
