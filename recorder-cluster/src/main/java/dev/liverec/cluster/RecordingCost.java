package dev.liverec.cluster;

/**
 * What one recording costs a worker, in CPUs, by picture size and frame rate, Egress-style: a
 * worker takes a recording only while its running recordings' costs plus this stay within
 * {@code cpus x maxCpuUtilization}. The reference is measured (benchmarks/README.md, capacity):
 * ten real-time 720p30 recordings with audio ran without a drop at 84% of a 2-core machine, so a
 * 720p30 recording costs 0.17 CPU; other sizes scale with pixels per second, with a floor for the
 * audio encoder, muxer and upload that every recording has.
 */
public final class RecordingCost {
  /** CPUs one 1280x720 at 30 fps recording uses (measured, see the class comment). */
  public static final double REFERENCE_720P30_CPUS = 0.17;
  /** Least a recording costs, whatever its size. */
  public static final double MINIMUM_CPUS = 0.02;
  private static final double REFERENCE_PIXELS_PER_SECOND = 1280.0 * 720 * 30;

  private RecordingCost() {}

  /** The CPUs a recording of this size and rate takes. */
  public static double cpus(int width, int height, int frameRate) {
    if (width <= 0 || height <= 0 || frameRate <= 0) {
      throw new IllegalArgumentException("size and frame rate must be positive");
    }
    double scaled = REFERENCE_720P30_CPUS * width * (double) height * frameRate / REFERENCE_PIXELS_PER_SECOND;
    return Math.max(MINIMUM_CPUS, scaled);
  }
}
