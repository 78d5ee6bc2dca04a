package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.jspecify.annotations.Nullable;

/**
 * Measures decoded video frames as they come out of the decoder (presentation order): sizes,
 * timing, gaps, frozen stretches, white sync flashes and how far playback gets.
 */
final class VideoAnalyzer implements StreamDecoder.Listener {
  /** Mean luma above which a frame counts as a white sync flash. */
  static final double FLASH_MEAN_LUMA = 200;

  /**
   * Largest mean absolute luma difference (0-255) to the first frame of a run for which a frame
   * still counts as the same picture. A lossy encoder re-encodes a frozen picture with small
   * changes (x264 at CRF 23: about 0.02), so bit-exact comparison would miss real freezes, while
   * even a mostly static moving test pattern differs by about 2.
   */
  static final double FROZEN_MAX_DIFFERENCE = 0.25;

  private final double secondsPerTick;
  private final double nominalFrameSeconds;
  private final Set<VideoReport.FrameSize> frameSizes = new LinkedHashSet<>();
  private final List<Double> flashes = new ArrayList<>();
  private final PlayableTracker playable = new PlayableTracker();

  private long frames;
  private double startSeconds = Double.NaN;
  private double endSeconds = Double.NaN;
  private double previousStart = Double.NaN;
  private long previousPts = AV_NOPTS_VALUE;
  private int nonMonotonic;
  private double largestGap;
  private double largestGapAt;
  private boolean previousBright;

  private LumaSampler.@Nullable Sample runFirst;
  private double runStart;
  private double runEnd;
  private int runFrames;
  private double longestFrozen;
  private double longestFrozenAt;
  private int longestFrozenFrames;

  VideoAnalyzer(AVStream stream) {
    this.secondsPerTick = FfmpegSupport.secondsPerTick(stream.time_base());
    AVRational rate =
        stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
    this.nominalFrameSeconds =
        rate.num() > 0 && rate.den() > 0 ? (double) rate.den() / rate.num() : 0;
  }

  @Override
  public void onFrame(AVFrame frame, boolean clean) {
    double start = frameStart(frame);
    double end = start + frameDuration(frame);
    frames++;
    if (frames == 1) {
      startSeconds = start;
      endSeconds = end;
    }
    startSeconds = Math.min(startSeconds, start);
    endSeconds = Math.max(endSeconds, end);
    frameSizes.add(new VideoReport.FrameSize(frame.width(), frame.height()));
    checkPts(frame.pts());
    trackGap(start);
    LumaSampler.Sample luma = LumaSampler.sample(frame);
    trackFlash(luma.mean(), start);
    trackFrozen(luma, start, end);
    if (clean) {
      playable.frameDecoded(start, end);
    } else {
      playable.errorAt(start);
    }
    previousStart = start;
  }

  @Override
  public void onError(double atSeconds) {
    playable.errorAt(atSeconds);
  }

  /** Frames seen. */
  long frames() {
    return frames;
  }

  /** Times the frame PTS failed to increase. */
  int nonMonotonicPts() {
    return nonMonotonic;
  }

  double largestGapSeconds() {
    return largestGap;
  }

  double largestGapAtSeconds() {
    return largestGapAt;
  }

  List<Double> flashSeconds() {
    return List.copyOf(flashes);
  }

  double playableUntilSeconds() {
    return playable.playableUntilSeconds();
  }

  /** Decoded span: end of the last frame minus start of the first; 0 without frames. */
  double spanSeconds() {
    return frames == 0 ? 0 : endSeconds - startSeconds;
  }

  VideoReport report() {
    closeRun();
    return new VideoReport(
        frameSizes,
        frames == 0 ? 0 : startSeconds,
        frames == 0 ? 0 : endSeconds,
        longestFrozen,
        longestFrozenAt,
        longestFrozenFrames);
  }

  private double frameStart(AVFrame frame) {
    double start = FfmpegSupport.seconds(frame.best_effort_timestamp(), secondsPerTick);
    if (Double.isNaN(start)) {
      return frames == 0 ? 0 : endSeconds; // no timestamp: assume it follows on
    }
    return start;
  }

  private double frameDuration(AVFrame frame) {
    if (frame.duration() > 0) {
      return frame.duration() * secondsPerTick;
    }
    return nominalFrameSeconds;
  }

  private void checkPts(long pts) {
    if (pts == AV_NOPTS_VALUE) {
      return;
    }
    if (previousPts != AV_NOPTS_VALUE && pts <= previousPts) {
      nonMonotonic++;
    }
    previousPts = pts;
  }

  private void trackGap(double start) {
    if (!Double.isNaN(previousStart) && start - previousStart > largestGap) {
      largestGap = start - previousStart;
      largestGapAt = previousStart;
    }
  }

  private void trackFlash(double meanLuma, double start) {
    boolean bright = meanLuma > FLASH_MEAN_LUMA;
    if (bright && !previousBright) {
      flashes.add(start);
    }
    previousBright = bright;
  }

  private void trackFrozen(LumaSampler.Sample luma, double start, double end) {
    if (runFirst != null && luma.meanAbsoluteDifference(runFirst) <= FROZEN_MAX_DIFFERENCE) {
      runFrames++;
      runEnd = end;
      return;
    }
    closeRun();
    runFirst = luma;
    runStart = start;
    runEnd = end;
    runFrames = 1;
  }

  private void closeRun() {
    if (runFrames >= 2 && runEnd - runStart > longestFrozen) {
      longestFrozen = runEnd - runStart;
      longestFrozenAt = runStart;
      longestFrozenFrames = runFrames;
    }
  }
}
