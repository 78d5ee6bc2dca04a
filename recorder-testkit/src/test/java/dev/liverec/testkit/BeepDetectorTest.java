package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BeepDetectorTest {
  private static final int RATE = 48_000;

  @Test
  void findsTheStartOfEachBeep() {
    float[] audio = signal(3.0, 0.0, 1.0, 2.0);

    BeepDetector detector = feedInChunks(audio, 1024);

    assertThat(detector.onsets()).hasSize(3);
    assertThat(detector.onsets().get(0)).isCloseTo(0.0, within(0.0051));
    assertThat(detector.onsets().get(1)).isCloseTo(1.0, within(0.0051));
    assertThat(detector.onsets().get(2)).isCloseTo(2.0, within(0.0051));
  }

  @Test
  void needsTwoHundredMillisecondsOfQuietBeforeTheNextOnset() {
    float[] audio = signal(1.0, 0.3, 0.45);

    assertThat(feedInChunks(audio, 1024).onsets()).hasSize(1);
  }

  /**
   * A recorded beep starts anywhere inside a 5 ms window. When it starts late in one, that window
   * is only partly loud (RMS between the quiet and the onset level); the beep must still be found,
   * at the start of the next window, at most one window after the true onset.
   */
  @Test
  void findsABeepThatStartsLateInsideAWindow() {
    for (double intoWindow = 0; intoWindow < 0.005; intoWindow += 0.00025) {
      double start = 1.0 + intoWindow;
      float[] audio = signal(2.0, start);

      BeepDetector detector = feedInChunks(audio, 480);

      assertThat(detector.onsets()).as("beep %.5f s into a window", intoWindow)
          .singleElement()
          .satisfies(t -> assertThat(t).isCloseTo(start, within(0.0051)));
    }
  }

  @Test
  void quietToneAloneHasNoOnsets() {
    assertThat(feedInChunks(signal(2.0), 512).onsets()).isEmpty();
  }

  @Test
  void timesOnsetsFromTheChunkTimestamps() {
    float[] audio = signal(1.0, 0.5);
    BeepDetector detector = new BeepDetector(RATE);

    detector.accept(audio, audio.length, 10.0);

    assertThat(detector.onsets())
        .singleElement()
        .satisfies(t -> assertThat(t).isCloseTo(10.5, within(0.0051)));
  }

  /** A quiet 440 Hz tone with loud 100 ms 1 kHz beeps starting at the given times. */
  private static float[] signal(double seconds, double... beepStarts) {
    float[] samples = new float[(int) (seconds * RATE)];
    for (int i = 0; i < samples.length; i++) {
      double t = (double) i / RATE;
      double value = 0.03 * Math.sin(2 * Math.PI * 440 * t);
      for (double start : beepStarts) {
        if (t >= start && t < start + 0.1) {
          value += 0.5 * Math.sin(2 * Math.PI * 1000 * (t - start));
        }
      }
      samples[i] = (float) value;
    }
    return samples;
  }

  private static BeepDetector feedInChunks(float[] audio, int chunk) {
    BeepDetector detector = new BeepDetector(RATE);
    float[] buffer = new float[chunk];
    for (int offset = 0; offset < audio.length; offset += chunk) {
      int count = Math.min(chunk, audio.length - offset);
      System.arraycopy(audio, offset, buffer, 0, count);
      detector.accept(buffer, count, (double) offset / RATE);
    }
    return detector;
  }
}
