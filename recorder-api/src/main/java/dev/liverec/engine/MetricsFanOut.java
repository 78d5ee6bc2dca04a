package dev.liverec.engine;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes each observation to the session's own statistics and then to every extra observer. An
 * observer that throws is logged once and then ignored, so it can never break a recording.
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

  private interface Call {
    void on(Metrics m);
  }

  private void each(Call call) {
    for (int i = 0; i < observers.length; i++) {
      if (broken[i]) {
        continue;
      }
      try {
        call.on(observers[i]);
      } catch (RuntimeException e) {
        broken[i] = true;
        log.warn("metrics observer {} threw and is now ignored", observers[i].getClass().getName(), e);
      }
    }
  }

  @Override
  public void frameReceived(TrackKind kind) {
    each(m -> m.frameReceived(kind));
  }

  @Override
  public void frameDropped(TrackKind kind) {
    each(m -> m.frameDropped(kind));
  }

  @Override
  public void sourceEvent(SourceEvent event) {
    each(m -> m.sourceEvent(event));
  }

  @Override
  public void timestampRepaired(TrackKind kind) {
    each(m -> m.timestampRepaired(kind));
  }

  @Override
  public void gap(TrackKind kind, long gapUs) {
    each(m -> m.gap(kind, gapUs));
  }

  @Override
  public void resolutionChanged(int width, int height) {
    each(m -> m.resolutionChanged(width, height));
  }

  @Override
  public void videoFrameWritten(
      long ptsUs, long intervalUs, int packets, long processingNanos, long latencyNanos) {
    each(m -> m.videoFrameWritten(ptsUs, intervalUs, packets, processingNanos, latencyNanos));
  }

  @Override
  public void audioFrameWritten(long ptsUs, long durationUs, boolean silence, int packets) {
    each(m -> m.audioFrameWritten(ptsUs, durationUs, silence, packets));
  }

  @Override
  public void packetWritten(TrackKind kind, int bytes, long totalBytes) {
    each(m -> m.packetWritten(kind, bytes, totalBytes));
  }

  @Override
  public void encoderDrained() {
    each(Metrics::encoderDrained);
  }

  @Override
  public void stalled(boolean stalled) {
    each(m -> m.stalled(stalled));
  }
}
