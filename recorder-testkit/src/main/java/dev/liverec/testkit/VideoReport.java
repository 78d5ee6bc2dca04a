package dev.liverec.testkit;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What decoding the main video stream showed.
 *
 * @param frameSizes every distinct decoded frame size, in order of first appearance
 * @param startSeconds PTS of the first decoded frame
 * @param endSeconds PTS plus duration of the last decoded frame
 * @param longestFrozenSeconds longest time the picture stayed unchanged: from the first frame of a
 *     run of identical frames to the end of the run's last frame; 0 when no frame ever repeats.
 *     Frames count as identical when the luma of a sparse pixel grid (every 8th pixel in each
 *     direction) differs from the run's first frame by at most 0.25 on average (0-255 scale), which
 *     absorbs the noise a lossy encoder adds to a frozen picture
 * @param longestFrozenAtSeconds PTS of the first frame of that run
 * @param longestFrozenFrames number of identical frames in that run (0 or at least 2)
 */
public record VideoReport(
    Set<FrameSize> frameSizes,
    double startSeconds,
    double endSeconds,
    double longestFrozenSeconds,
    double longestFrozenAtSeconds,
    int longestFrozenFrames) {

  public VideoReport {
    frameSizes = Collections.unmodifiableSet(new LinkedHashSet<>(frameSizes));
  }

  /** A decoded picture size. */
  public record FrameSize(int width, int height) {
    @Override
    public String toString() {
      return width + "x" + height;
    }
  }
}
