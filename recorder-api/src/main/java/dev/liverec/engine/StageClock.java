package dev.liverec.engine;

import dev.liverec.RecordingStats;
import dev.liverec.spi.Stage;

/**
 * Adds up the time spent in each named {@link Stage}. Written from the thread each stage runs on
 * (the scale stage has its own), read as {@link #snapshot()}s from any thread; each stage's
 * counter is updated under its own (uncontended) lock.
 */
final class StageClock {
  private final Counter[] counters = new Counter[Stage.values().length];

  StageClock() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new Counter();
    }
  }

  void add(Stage stage, long nanos) {
    Counter c = counters[stage.ordinal()];
    synchronized (c) {
      c.calls++;
      c.totalNanos += nanos;
      if (nanos > c.maxNanos) {
        c.maxNanos = nanos;
      }
    }
  }

  RecordingStats.Stages snapshot() {
    return new RecordingStats.Stages(time(Stage.SCALE), time(Stage.RESAMPLE),
        time(Stage.ENCODE), time(Stage.MUX));
  }

  private RecordingStats.StageTime time(Stage stage) {
    Counter c = counters[stage.ordinal()];
    long calls;
    long totalNanos;
    long maxNanos;
    synchronized (c) {
      calls = c.calls;
      totalNanos = c.totalNanos;
      maxNanos = c.maxNanos;
    }
    if (calls == 0) {
      return RecordingStats.StageTime.NONE;
    }
    double total = totalNanos / 1e6;
    return new RecordingStats.StageTime(calls, total, total / calls, maxNanos / 1e6);
  }

  private static final class Counter {
    long calls;
    long totalNanos;
    long maxNanos;
  }
}
