package dev.liverec.testkit;

/**
 * What {@link MediaProbe} analyses beyond the basics.
 *
 * @param syncAnalysis detect the test source's white flashes and 1 kHz beeps and pair them into A/V
 *     offsets; costs an extra pass over every decoded audio sample
 */
public record ProbeOptions(boolean syncAnalysis) {

  /** Everything, including A/V sync markers. */
  public static ProbeOptions defaults() {
    return new ProbeOptions(true);
  }

  /** Skips the A/V sync marker analysis (for recordings of sources without markers). */
  public static ProbeOptions withoutSync() {
    return new ProbeOptions(false);
  }
}
