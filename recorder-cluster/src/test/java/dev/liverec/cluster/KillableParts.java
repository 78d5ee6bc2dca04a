package dev.liverec.cluster;

import dev.liverec.RecordingResult;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PartLauncher} whose parts record for real in this JVM ({@link Fleet#SYNTHETIC}) and can
 * be killed on demand, as {@code kill -9} of a recorder process would end them: the recorder stops
 * at once, its file keeps the fragments it finished, and it reports {@link PartRecorder#died()}
 * like the app's child-process recorder does.
 */
final class KillableParts implements PartLauncher {
  private final PartLauncher real = PartLauncher.inProcess(Fleet.SYNTHETIC);
  private final List<Part> launched = new CopyOnWriteArrayList<>();

  @Override
  public PartRecorder launch(RecordingSpec spec, int part, Path file) {
    Part p = new Part(real.launch(spec, part, file), file);
    launched.add(p);
    return p;
  }

  /** Parts launched so far, in order. */
  List<Part> launched() {
    return launched;
  }

  /** One part's recorder; {@link #kill} ends it as a dead process. */
  static final class Part implements PartRecorder {
    private final PartRecorder recorder;
    private final Path file;
    private volatile RecordingStatus lastSeen;
    private volatile boolean dead;
    private volatile boolean stopAsked;

    private Part(PartRecorder recorder, Path file) {
      this.recorder = recorder;
      this.file = file;
      this.lastSeen = recorder.status();
    }

    /** The recorder process is gone, without a result. */
    void kill() {
      lastSeen = recorder.status();
      dead = true;
      recorder.close();
    }

    long mediaMs() {
      return status().stats().mediaDurationMs();
    }

    @Override
    public RecordingStatus status() {
      if (dead) {
        RecordingStatus s = lastSeen;
        return new RecordingStatus(s.name(), RecordingState.FAILED, "killed by the test", file,
            s.startedAt(), s.stats());
      }
      lastSeen = recorder.status();
      return lastSeen;
    }

    @Override
    public boolean died() {
      return dead && !stopAsked;
    }

    @Override
    public RecordingResult stop() {
      stopAsked = true;
      if (!dead) {
        return recorder.stop();
      }
      RecordingStatus s = status();
      return new RecordingResult(RecordingState.FAILED, s.failureReason(), file,
          Duration.ofMillis(s.stats().mediaDurationMs()), s.stats().bytesWritten(), s.stats());
    }

    @Override
    public void close() {
      recorder.close();
    }
  }
}
