package dev.liverec.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the onsets of the test source's loud beeps in mono audio: the audio is cut into 5 ms
 * windows, and an onset is the first window whose RMS exceeds 0.15 after at least 200 ms of windows
 * below 0.1. The start of the stream counts as quiet, so a beep at time 0 is found.
 *
 * <p>A beep that starts late inside a window leaves that window only partly loud, between the two
 * levels. Such a window neither counts as quiet nor spends the quiet run, so the beep is found in
 * the next window: the onset is then at most one window late, as it is at most one window early
 * when the beep starts early in a window.
 */
final class BeepDetector {
  static final double WINDOW_SECONDS = 0.005;
  static final double ONSET_RMS = 0.15;
  static final double QUIET_RMS = 0.1;
  static final double QUIET_SECONDS = 0.2;

  private final int sampleRate;
  private final int windowSize;
  private final int quietWindowsNeeded;
  private final List<Double> onsets = new ArrayList<>();

  private int quietWindows;
  private int windowFill;
  private double sumOfSquares;
  private double windowStartSeconds;
  private double expectedNextSeconds = Double.NaN;

  BeepDetector(int sampleRate) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    this.sampleRate = sampleRate;
    this.windowSize = Math.max(1, (int) Math.round(sampleRate * WINDOW_SECONDS));
    this.quietWindowsNeeded = (int) Math.ceil(QUIET_SECONDS * sampleRate / windowSize - 1e-9);
    this.quietWindows = quietWindowsNeeded;
  }

  /**
   * Feeds the next chunk of mono samples.
   *
   * @param samples mono samples, full scale is 1.0
   * @param count how many of {@code samples} are valid
   * @param startSeconds media time of {@code samples[0]}
   */
  void accept(float[] samples, int count, double startSeconds) {
    double windowSeconds = (double) windowSize / sampleRate;
    if (!Double.isNaN(expectedNextSeconds)
        && Math.abs(startSeconds - expectedNextSeconds) > windowSeconds) {
      windowFill = 0; // a gap or overlap in the audio: drop the partial window
      sumOfSquares = 0;
    }
    for (int i = 0; i < count; i++) {
      if (windowFill == 0) {
        windowStartSeconds = startSeconds + (double) i / sampleRate;
      }
      sumOfSquares += (double) samples[i] * samples[i];
      windowFill++;
      if (windowFill == windowSize) {
        closeWindow(Math.sqrt(sumOfSquares / windowSize));
        windowFill = 0;
        sumOfSquares = 0;
      }
    }
    expectedNextSeconds = startSeconds + (double) count / sampleRate;
  }

  /** Onset times in seconds, in the order found. */
  List<Double> onsets() {
    return List.copyOf(onsets);
  }

  private void closeWindow(double rms) {
    if (rms > ONSET_RMS && quietWindows >= quietWindowsNeeded) {
      onsets.add(windowStartSeconds);
      quietWindows = 0;
    } else if (rms < QUIET_RMS) {
      quietWindows++;
    } else if (quietWindows < quietWindowsNeeded) {
      quietWindows = 0;
    }
  }
}
