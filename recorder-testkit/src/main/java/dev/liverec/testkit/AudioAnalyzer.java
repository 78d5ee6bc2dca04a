package dev.liverec.testkit;

import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.jspecify.annotations.Nullable;

/**
 * Measures decoded audio frames: how many samples there are, when audio starts and ends, how far
 * playback gets, and (optionally) when the test source's sync beeps start.
 */
final class AudioAnalyzer implements StreamDecoder.Listener {
  private final double secondsPerTick;
  private final boolean detectBeeps;
  private final MonoMixer mixer = new MonoMixer();
  private final PlayableTracker playable = new PlayableTracker();
  private @Nullable BeepDetector beeps;

  private int sampleRate;
  private long samples;
  private long frames;
  private double startSeconds;
  private double endSeconds;

  AudioAnalyzer(AVStream stream, boolean detectBeeps) {
    this.secondsPerTick = FfmpegSupport.secondsPerTick(stream.time_base());
    this.detectBeeps = detectBeeps;
  }

  @Override
  public void onFrame(AVFrame frame, boolean clean) {
    int rate = frame.sample_rate();
    if (rate <= 0) {
      onError(Double.NaN);
      return;
    }
    double start = FfmpegSupport.seconds(frame.best_effort_timestamp(), secondsPerTick);
    if (Double.isNaN(start)) {
      start = frames == 0 ? 0 : endSeconds;
    }
    double end = start + (double) frame.nb_samples() / rate;
    if (frames == 0) {
      sampleRate = rate;
      startSeconds = start;
      endSeconds = end;
    }
    frames++;
    samples += frame.nb_samples();
    startSeconds = Math.min(startSeconds, start);
    endSeconds = Math.max(endSeconds, end);
    if (clean) {
      playable.frameDecoded(start, end);
    } else {
      playable.errorAt(start);
    }
    if (detectBeeps) {
      if (beeps == null) {
        beeps = new BeepDetector(rate);
      }
      beeps.accept(mixer.mix(frame), frame.nb_samples(), start);
    }
  }

  @Override
  public void onError(double atSeconds) {
    playable.errorAt(atSeconds);
  }

  List<Double> beepSeconds() {
    return beeps == null ? List.of() : beeps.onsets();
  }

  double playableUntilSeconds() {
    return playable.playableUntilSeconds();
  }

  /** Decoded span: end of the last frame minus start of the first; 0 without frames. */
  double spanSeconds() {
    return frames == 0 ? 0 : endSeconds - startSeconds;
  }

  AudioReport report() {
    return new AudioReport(sampleRate, samples, startSeconds, endSeconds);
  }
}
