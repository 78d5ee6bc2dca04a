package dev.liverec.testkit;

/**
 * Timestamp health of a probed file.
 *
 * @param videoPtsStrictlyIncreasing every decoded video frame's PTS is greater than the previous
 *     one, in presentation (decoder output) order, so B-frames do not count as a violation
 * @param dtsStrictlyIncreasing in every stream, each packet's DTS is greater than the previous
 *     packet's DTS of that stream, in decode (file) order
 * @param nonMonotonicCount how many times either rule above was broken
 * @param largestVideoGapSeconds largest distance between the PTS of two consecutive decoded video
 *     frames; 0 with fewer than two frames
 * @param largestVideoGapAtSeconds PTS of the frame before that largest gap
 */
public record TimestampReport(
    boolean videoPtsStrictlyIncreasing,
    boolean dtsStrictlyIncreasing,
    int nonMonotonicCount,
    double largestVideoGapSeconds,
    double largestVideoGapAtSeconds) {

  /** Both PTS and DTS rules hold. */
  public boolean strictlyIncreasing() {
    return videoPtsStrictlyIncreasing && dtsStrictlyIncreasing;
  }
}
