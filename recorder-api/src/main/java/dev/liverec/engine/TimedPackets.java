package dev.liverec.engine;

import dev.liverec.spi.EncodedPacket;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.Stage;

/**
 * The mux stage as the encoders see it: passes each packet on and reports the time it took as
 * {@link Stage#MUX}, keeping the sum so a track can tell its encoder's own time from the muxing
 * done inside the same call ({@link #encodeStarting}, {@link #encodeEnded}). Session thread only.
 */
final class TimedPackets implements PacketSink {
  private final PacketSink mux;
  private final Metrics metrics;
  private long muxNanos;
  private long encodeStartMux;

  TimedPackets(PacketSink mux, Metrics metrics) {
    this.mux = mux;
    this.metrics = metrics;
  }

  @Override
  public void accept(EncodedPacket packet) {
    long started = System.nanoTime();
    mux.accept(packet);
    long spent = System.nanoTime() - started;
    muxNanos += spent;
    metrics.stageTime(Stage.MUX, spent);
  }

  /** Marks the start of an encoder call; pass the result to {@link #encodeEnded}. */
  long encodeStarting() {
    encodeStartMux = muxNanos;
    return System.nanoTime();
  }

  /**
   * Reports the encoder call begun at {@code started} as {@link Stage#ENCODE}, without the
   * muxing done inside it.
   */
  void encodeEnded(long started) {
    encodeEnded(started, 0);
  }

  /**
   * As {@link #encodeEnded(long)}, for a call that also spent {@code resampleNanos} resampling:
   * that part is reported as {@link Stage#RESAMPLE}.
   */
  void encodeEnded(long started, long resampleNanos) {
    long spent = System.nanoTime() - started - (muxNanos - encodeStartMux) - resampleNanos;
    if (resampleNanos > 0) {
      metrics.stageTime(Stage.RESAMPLE, resampleNanos);
    }
    metrics.stageTime(Stage.ENCODE, Math.max(0, spent));
  }
}
