package dev.liverec.testkit;

import dev.liverec.frame.AudioFrame;
import java.nio.ByteBuffer;

/**
 * Synthetic audio: a quiet 440 Hz tone with a loud 1 kHz beep during the first 100 ms of every
 * whole second of media time, the audio half of a sync marker.
 */
public final class ToneGenerator {
  /** Peak of the background tone, as a fraction of full scale. */
  public static final double TONE_LEVEL = 0.03;
  /** Peak of the beep, as a fraction of full scale. */
  public static final double BEEP_LEVEL = 0.5;
  /** How long each beep lasts. */
  public static final long BEEP_US = 100_000;

  private ToneGenerator() {}

  /**
   * Fills {@code frame} with the signal starting at media time {@code startUs} (microseconds from
   * the start of the stream).
   */
  public static void fill(AudioFrame frame, long startUs) {
    ByteBuffer data = frame.data();
    int rate = frame.sampleRate();
    int channels = frame.channels();
    for (int i = 0; i < frame.samples(); i++) {
      long tUs = startUs + i * 1_000_000L / rate;
      double t = tUs / 1e6;
      double value = TONE_LEVEL * Math.sin(2 * Math.PI * 440 * t);
      if (tUs % 1_000_000L < BEEP_US) {
        value += BEEP_LEVEL * Math.sin(2 * Math.PI * 1000 * t);
      }
      short sample = (short) Math.round(value * Short.MAX_VALUE);
      for (int c = 0; c < channels; c++) {
        data.putShort((i * channels + c) * 2, sample);
      }
    }
  }
}
