package dev.liverec.testkit;

import java.util.Arrays;

/**
 * Works out how far playback gets from the start: the end of the last cleanly decoded frame that
 * starts before the first error. Frames are remembered because a threaded decoder reports an error
 * on a packet before it hands out the frames decoded from earlier packets.
 */
final class PlayableTracker {
  private double[] starts = new double[1024];
  private double[] ends = new double[1024];
  private int count;
  private double latestEnd;
  private double firstErrorSeconds = Double.POSITIVE_INFINITY;

  void frameDecoded(double startSeconds, double endSeconds) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    starts[count] = startSeconds;
    ends[count] = endSeconds;
    count++;
    latestEnd = Math.max(latestEnd, endSeconds);
  }

  /**
   * Records an error at a media time; {@code NaN} means "unknown", taken as just after the latest
   * frame decoded so far.
   */
  void errorAt(double seconds) {
    double at = Double.isNaN(seconds) ? latestEnd : seconds;
    firstErrorSeconds = Math.min(firstErrorSeconds, at);
  }

  /** End of the last clean frame starting before the first error; 0 if there is none. */
  double playableUntilSeconds() {
    double until = 0;
    for (int i = 0; i < count; i++) {
      if (starts[i] < firstErrorSeconds) {
        until = Math.max(until, Math.min(ends[i], firstErrorSeconds));
      }
    }
    return until;
  }
}
