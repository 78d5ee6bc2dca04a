package dev.liverec.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A/V sync measured from the test source's markers: a white video frame and a loud 1 kHz beep at
 * every whole second of media time.
 *
 * @param analyzed false when {@link ProbeOptions#syncAnalysis()} was off; all lists are then empty
 * @param flashSeconds PTS of the first frame of each run of bright frames (mean luma above 200)
 * @param beepSeconds onset of each beep: the first 5 ms window with RMS above 0.15 after at least
 *     200 ms below 0.1
 * @param offsetsMillis for each flash that has a beep within 0.5 s, the nearest beep's time minus
 *     the flash time, in milliseconds (positive: audio late)
 */
public record SyncReport(
    boolean analyzed,
    List<Double> flashSeconds,
    List<Double> beepSeconds,
    List<Double> offsetsMillis) {

  /** Beeps further than this from a flash are not paired with it. */
  public static final double PAIRING_WINDOW_SECONDS = 0.5;

  public SyncReport {
    flashSeconds = List.copyOf(flashSeconds);
    beepSeconds = List.copyOf(beepSeconds);
    offsetsMillis = List.copyOf(offsetsMillis);
  }

  /** The report of a probe that skipped sync analysis. */
  public static SyncReport notAnalyzed() {
    return new SyncReport(false, List.of(), List.of(), List.of());
  }

  /** Pairs every flash with the nearest beep within {@link #PAIRING_WINDOW_SECONDS}. */
  public static SyncReport pair(List<Double> flashSeconds, List<Double> beepSeconds) {
    List<Double> offsets = new ArrayList<>();
    for (double flash : flashSeconds) {
      double best = Double.NaN;
      for (double beep : beepSeconds) {
        double offset = beep - flash;
        if (Math.abs(offset) <= PAIRING_WINDOW_SECONDS
            && (Double.isNaN(best) || Math.abs(offset) < Math.abs(best))) {
          best = offset;
        }
      }
      if (!Double.isNaN(best)) {
        offsets.add(best * 1000);
      }
    }
    return new SyncReport(true, flashSeconds, beepSeconds, offsets);
  }

  /** Number of flash/beep pairs. */
  public int pairCount() {
    return offsetsMillis.size();
  }

  /** Largest absolute offset in milliseconds; 0 without pairs. */
  public double maxAbsOffsetMillis() {
    return offsetsMillis.stream().mapToDouble(Math::abs).max().orElse(0);
  }

  /** Mean absolute offset in milliseconds; 0 without pairs. */
  public double meanAbsOffsetMillis() {
    return offsetsMillis.stream().mapToDouble(Math::abs).average().orElse(0);
  }
}
