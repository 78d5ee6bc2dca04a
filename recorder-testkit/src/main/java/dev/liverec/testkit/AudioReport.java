package dev.liverec.testkit;

/**
 * What decoding the main audio stream showed.
 *
 * @param sampleRate decoded sample rate in Hz
 * @param decodedSamples decoded samples per channel
 * @param startSeconds PTS of the first decoded frame
 * @param endSeconds PTS of the last decoded frame plus its sample count over the rate
 */
public record AudioReport(
    int sampleRate, long decodedSamples, double startSeconds, double endSeconds) {

  /** Decoded samples over the sample rate: how much audio there really is, gaps excluded. */
  public double decodedDurationSeconds() {
    return sampleRate == 0 ? 0 : (double) decodedSamples / sampleRate;
  }
}
