package dev.liverec.engine;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import dev.liverec.spi.Stage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes each observation to the session's own statistics and then to every extra observer. An
 * observer that throws is logged once and then ignored, so it can never break a recording. Plain
 * loops, no lambdas: nothing is allocated per observation.
 */
public final class MetricsFanOut implements Metrics {
  private static final Logger log = LoggerFactory.getLogger(MetricsFanOut.class);

  private final Metrics[] observers;
  private final boolean[] broken;

  /** The session's statistics alone when there are no extra observers, else a fan-out. */
  public static Metrics of(SessionStats stats, List<Metrics> extra) {
    return extra.isEmpty() ? stats : new MetricsFanOut(stats, extra);
  }

  private MetricsFanOut(SessionStats stats, List<Metrics> extra) {
    this.observers = new Metrics[extra.size() + 1];
    this.observers[0] = stats;
    for (int i = 0; i < extra.size(); i++) {
      this.observers[i + 1] = extra.get(i);
    }
    this.broken = new boolean[observers.length];
  }

  private boolean skip(int i) {
    return broken[i];
  }

  private void broke(int i, RuntimeException e) {
    broken[i] = true;
    log.warn("metrics observer {} threw and is now ignored", observers[i].getClass().getName(), e);
  }

  @Override
  public void frameReceived(TrackKind kind) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].frameReceived(kind);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void frameDropped(TrackKind kind, DropReason reason) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].frameDropped(kind, reason);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void sourceEvent(SourceEvent event) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].sourceEvent(event);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void timestampRepaired(TrackKind kind) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].timestampRepaired(kind);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void gap(TrackKind kind, long gapUs) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].gap(kind, gapUs);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void resolutionChanged(int width, int height) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].resolutionChanged(width, height);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void videoFrameWritten(
      long ptsUs, long intervalUs, int packets, long processingNanos, long latencyNanos) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].videoFrameWritten(ptsUs, intervalUs, packets, processingNanos, latencyNanos);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void stageTime(Stage stage, long nanos) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].stageTime(stage, nanos);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void audioFrameWritten(long ptsUs, long durationUs, boolean silence, int packets) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].audioFrameWritten(ptsUs, durationUs, silence, packets);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void packetWritten(TrackKind kind, int bytes, long totalBytes) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].packetWritten(kind, bytes, totalBytes);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void encoderDrained() {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].encoderDrained();
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }

  @Override
  public void stalled(boolean stalled) {
    for (int i = 0; i < observers.length; i++) {
      if (skip(i)) {
        continue;
      }
      try {
        observers[i].stalled(stalled);
      } catch (RuntimeException e) {
        broke(i, e);
      }
    }
  }
}
