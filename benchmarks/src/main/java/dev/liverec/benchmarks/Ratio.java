package dev.liverec.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A ratio measured interleaved: one value per round (contender / reference of the same round), the
 * median over the rounds, and a 95 % bootstrap confidence interval of that median (2,000
 * resamples of the rounds, fixed seed, percentile method). Outside load hits both sides of a
 * round alike, so the per-round ratio cancels most of it; what is left shows as the interval's
 * width.
 *
 * @param median median of the per-round ratios
 * @param low lower end of the 95 % interval of the median
 * @param high upper end of the 95 % interval of the median
 * @param rounds how many rounds it is made of
 */
public record Ratio(double median, double low, double high, int rounds) {
  private static final int RESAMPLES = 2_000;

  /** The median of {@code perRound} with its bootstrap interval. */
  public static Ratio of(List<Double> perRound) {
    double[] values = perRound.stream().mapToDouble(Double::doubleValue).toArray();
    if (values.length == 0) {
      return new Ratio(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    SplittableRandom random = new SplittableRandom(0x5EED);
    double[] medians = new double[RESAMPLES];
    double[] sample = new double[values.length];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < sample.length; i++) {
        sample[i] = values[random.nextInt(values.length)];
      }
      medians[r] = median(sample);
    }
    Arrays.sort(medians);
    return new Ratio(median(values.clone()), medians[(int) (RESAMPLES * 0.025)],
        medians[(int) (RESAMPLES * 0.975) - 1], values.length);
  }

  /** Median of {@code values} (sorts the array). */
  static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** Median of a list. */
  static double median(List<Double> values) {
    return values.isEmpty() ? Double.NaN
        : median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** True when the whole interval lies below 1: the contender is faster than its reference. */
  public boolean belowOne() {
    return high < 1.0;
  }

  /** "1.034 [1.021, 1.047]". */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", median, low, high);
  }
}
