package dev.liverec.engine;

/**
 * Fixed-memory histogram of durations in nanoseconds with about 9% relative precision (eight
 * buckets per power of two). Written by one thread, read approximately by any; records allocate
 * nothing.
 */
public final class LatencyHistogram {
  private static final int SUB_BUCKETS = 8;
  private static final int BUCKETS = 64 * SUB_BUCKETS;

  private final long[] counts = new long[BUCKETS];
  private volatile long total;
  private volatile long sumNanos;

  public void record(long nanos) {
    long v = Math.max(1, nanos);
    counts[index(v)]++;
    sumNanos = sumNanos + v;
    total = total + 1;
  }

  private static int index(long v) {
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int mantissa = exponent < 3 ? (int) (v << (3 - exponent)) & 7 : (int) (v >>> (exponent - 3)) & 7;
    return exponent * SUB_BUCKETS + mantissa;
  }

  private static double upperBound(int index) {
    int exponent = index / SUB_BUCKETS;
    int mantissa = index % SUB_BUCKETS;
    return Math.pow(2, exponent) * (1 + (mantissa + 1) / (double) SUB_BUCKETS);
  }

  public long count() {
    return total;
  }

  public double meanMillis() {
    long n = total;
    return n == 0 ? 0 : sumNanos / (double) n / 1e6;
  }

  /** The value below which {@code percentile} percent of recordings fall, in milliseconds. */
  public double percentileMillis(double percentile) {
    long n = total;
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(percentile / 100.0 * n);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i) / 1e6;
      }
    }
    return upperBound(BUCKETS - 1) / 1e6;
  }
}
