package dev.liverec.app.experiments;

import dev.liverec.RecordingStats;
import dev.liverec.testkit.AudioReport;
import dev.liverec.testkit.Presets;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.VideoReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The guide's six tests, each on its testkit scenario preset. */
final class GuideExperiments {
  /** RSS growth over the long run, after warm-up, that still counts as flat. */
  static final double LONG_RUN_GROWTH_LIMIT_MB = 64;

  private GuideExperiments() {}

  /** Tests 1 to 6, in order. */
  static List<Experiment> all() {
    return List.of(basic(), longDuration(), gaps(), resolution(), audioMute(),
        new RapidStartStopExperiment());
  }

  static Experiment basic() {
    return new ScenarioExperiment(1, "Basic Functionality (30 seconds)",
        "Start a recording, let it run 30 s, stop, read the status, probe the file.",
        s -> Presets.basic(), 0,
        (run, samples) -> List.of(Checks.fileSizeBand(run.result().bytes(), 7, 10)));
  }

  static Experiment longDuration() {
    return new ScenarioExperiment(2, "Long Duration",
        "Record for the long duration while sampling file size, memory, frames, packets and "
            + "streak every 30 s (the guide's monitor_recording.sh).",
        s -> Presets.longRun(s.longDuration()), 0,
        (run, samples) -> longRunChecks(samples.csvSamples(), run.expectedSeconds()));
  }

  static Experiment gaps() {
    return new ScenarioExperiment(3, "Stress Test - Timestamp Gaps",
        "The source pauses for 100 ms, 500 ms and 1000 ms with 10 s of stream between.",
        s -> Presets.gaps(), 1.0, (run, samples) -> gapChecks(run.result().stats()));
  }

  static Experiment resolution() {
    return new ScenarioExperiment(4, "Resolution Changes",
        "The source sends 1080p, changes to 720p after 30 s and back to 1080p after another 30 s.",
        s -> Presets.resolution(), 0,
        (run, samples) -> resolutionChecks(run.result().stats(), run.probe()));
  }

  static Experiment audioMute() {
    return new ScenarioExperiment(5, "Audio Mute/Unmute",
        "The source sends audio for 15 s, mutes for 15 s, unmutes for the last 15 s.",
        s -> Presets.mute(), 0,
        (run, samples) -> muteChecks(run.result().stats(), run.probe()));
  }

  static List<Check> longRunChecks(List<MetricSample> csv, double expectedSeconds) {
    List<Check> checks = new ArrayList<>();
    MetricSample last = csv.get(csv.size() - 1);
    MetricSample warm = csv.stream().filter(s -> s.timeSeconds() >= expectedSeconds * 0.1)
        .findFirst().orElse(csv.get(0));
    double growth = (last.memoryKb() - warm.memoryKb()) / 1024.0;
    checks.add(new Check("memory growth", String.format(Locale.ROOT,
        "<= %.0f MB from %.0f s to the end", LONG_RUN_GROWTH_LIMIT_MB, warm.timeSeconds()),
        String.format(Locale.ROOT, "%+.1f MB (%.0f -> %.0f MB)", growth, warm.memoryMb(),
            last.memoryMb()),
        growth <= LONG_RUN_GROWTH_LIMIT_MB));
    int growing = 0;
    for (int i = 1; i < csv.size(); i++) {
      if (csv.get(i).fileSize() > csv.get(i - 1).fileSize()) {
        growing++;
      }
    }
    checks.add(new Check("file growth", "file size grows at every 30 s sample",
        growing + " of " + (csv.size() - 1) + " samples", growing == csv.size() - 1));
    return checks;
  }

  static List<Check> gapChecks(RecordingStats stats) {
    return List.of(
        new Check("gaps seen", "3 (100, 500, 1000 ms)", String.valueOf(stats.gapsSeen()),
            stats.gapsSeen() == 3),
        new Check("longest gap", "1000-1100 ms, kept in the timeline",
            stats.longestGapMs() + " ms", stats.longestGapMs() >= 1000 && stats.longestGapMs() <= 1100));
  }

  static List<Check> resolutionChecks(RecordingStats stats, ProbeReport probe) {
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("resolution changes", "2 detected", String.valueOf(stats.resolutionChanges()),
        stats.resolutionChanges() == 2));
    VideoReport video = probe == null ? null : probe.video();
    String sizes = video == null ? "no video" : video.frameSizes().toString();
    checks.add(new Check("output size", "one size throughout (" + stats.outputWidth() + "x"
        + stats.outputHeight() + "), changes scaled", sizes,
        video != null && video.frameSizes().size() == 1));
    return checks;
  }

  static List<Check> muteChecks(RecordingStats stats, ProbeReport probe) {
    List<Check> checks = new ArrayList<>();
    AudioReport audio = probe == null ? null : probe.audio();
    boolean hasAudio = probe != null && probe.audioStream().isPresent() && audio != null;
    checks.add(new Check("audio stream", "present (ffprobe | grep Audio)",
        hasAudio ? probe.audioStream().get().codec() + " " + probe.audioStream().get().sampleRate()
            + " Hz x" + probe.audioStream().get().channels() : "none", hasAudio));
    double videoSeconds = probe == null || probe.video() == null ? 0
        : probe.video().endSeconds() - probe.video().startSeconds();
    double audioSeconds = audio == null ? 0 : audio.decodedDurationSeconds();
    checks.add(new Check("audio continuous", "decoded audio as long as the video ± 0.5 s (silence while muted)",
        String.format(Locale.ROOT, "%.2f s audio, %.2f s video, %,d silence frames written",
            audioSeconds, videoSeconds, stats.silenceFramesWritten()),
        hasAudio && Math.abs(audioSeconds - videoSeconds) <= 0.5 && stats.silenceFramesWritten() > 0));
    long beepsWhileMuted = probe == null ? 0 : probe.sync().beepSeconds().stream()
        .filter(t -> t > 15.2 && t < 29.8).count();
    checks.add(new Check("muted part", "silent from 15 s to 30 s", beepsWhileMuted + " beeps heard",
        probe != null && beepsWhileMuted == 0));
    return checks;
  }
}
