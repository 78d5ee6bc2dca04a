package dev.liverec.app.experiments;

import dev.liverec.RecordingResult;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.SyncReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The guide's expectations as {@link Check}s on one recording. */
final class Checks {
  /** The guide: "Memory: Should be < 500MB". */
  static final double MEMORY_LIMIT_MB = 500;
  /** The guide: "If streak > 10, there's an issue with the fix". */
  static final long STREAK_LIMIT = 10;
  /**
   * Largest A/V offset accepted: ITU-R BT.1359's threshold of detectability for audio ahead of
   * video (45 ms), applied both ways.
   */
  static final double AV_OFFSET_LIMIT_MS = 45;
  /** Share of the frames the source sent that must be in the file. */
  static final double MIN_FRAMES_WRITTEN = 0.95;

  private Checks() {}

  /**
   * The checks every recording gets.
   *
   * @param maxSourceGapSeconds the longest pause the scenario itself has (0 for none)
   */
  static List<Check> common(RecordingRun run, List<MetricSample> samples, double maxSourceGapSeconds) {
    List<Check> checks = new ArrayList<>();
    checks.add(session(run.result()));
    checks.add(memory(run.peakRetainedKb(), run.peakMemoryKb()));
    checks.add(continuousPackets(samples, run.result().stats()));
    checks.add(streak(run.result().stats()));
    checks.add(framesWritten(run));
    ProbeReport probe = run.probe();
    if (probe == null) {
      checks.add(new Check("decodes", "the file opens and decodes", "cannot probe: " + run.probeError(), false));
      return checks;
    }
    checks.add(duration(probe, run.expectedSeconds()));
    checks.add(decodes(probe));
    checks.add(videoGap(probe, maxSourceGapSeconds, run.scenario().frameRate()));
    checks.add(avOffset(probe.sync()));
    return checks;
  }

  static Check session(RecordingResult result) {
    return new Check("session", "ends STOPPED",
        result.state() + (result.failureReason() == null ? "" : ": " + result.failureReason()),
        result.succeeded());
  }

  /**
   * The guide's memory limit, applied to RSS right after a full GC (what the process holds); the
   * peak with uncollected garbage is shown beside it.
   */
  static Check memory(long retainedKb, long peakKb) {
    double mb = retainedKb / 1024.0;
    return new Check("memory", String.format(Locale.ROOT, "< %.0f MB RSS", MEMORY_LIMIT_MB),
        String.format(Locale.ROOT, "%.0f MB after GC (peak %.0f MB with garbage)", mb,
            peakKb / 1024.0), mb < MEMORY_LIMIT_MB);
  }

  /** Packets grew between every two samples at least a second of media apart. */
  static Check continuousPackets(List<MetricSample> samples, RecordingStats finalStats) {
    int intervals = 0;
    int growing = 0;
    MetricSample previous = null;
    for (MetricSample s : samples) {
      if (previous == null) {
        previous = s;
        continue;
      }
      if (s.timeSeconds() - previous.timeSeconds() < 1.0) {
        continue;
      }
      intervals++;
      if (s.packets() > previous.packets()) {
        growing++;
      }
      previous = s;
    }
    return new Check("continuous packets", "packets_written grows in every sampled second",
        String.format(Locale.ROOT, "grew in %d of %d intervals; %,d packets", growing, intervals,
            finalStats.packetsWritten()),
        growing == intervals && finalStats.packetsWritten() > 0);
  }

  static Check streak(RecordingStats stats) {
    return new Check("zero_packet_streak", "0 at the end, never > " + STREAK_LIMIT,
        "end " + stats.zeroPacketStreak() + ", max " + stats.maxZeroPacketStreak(),
        stats.zeroPacketStreak() == 0 && stats.maxZeroPacketStreak() <= STREAK_LIMIT);
  }

  static Check framesWritten(RecordingRun run) {
    long sent = run.scenario().expectedVideoFrames();
    RecordingStats s = run.result().stats();
    double share = sent == 0 ? 1 : (double) s.videoFramesWritten() / sent;
    return new Check("frames", String.format(Locale.ROOT, ">= %.0f%% of the %,d sent written",
        MIN_FRAMES_WRITTEN * 100, sent),
        String.format(Locale.ROOT, "%,d written (%.1f%%), %,d dropped by backpressure",
            s.videoFramesWritten(), share * 100, s.framesDroppedBackpressure()),
        share >= MIN_FRAMES_WRITTEN);
  }

  /** Decoded duration close to the scenario's: 0.5 s, or 0.5 % for long runs. */
  static Check duration(ProbeReport probe, double expectedSeconds) {
    double tolerance = Math.max(0.5, expectedSeconds * 0.005);
    double measured = probe.durationSeconds();
    return new Check("duration", String.format(Locale.ROOT, "%.1f s ± %.1f s", expectedSeconds, tolerance),
        String.format(Locale.ROOT, "%.2f s decoded", measured),
        Math.abs(measured - expectedSeconds) <= tolerance);
  }

  static Check decodes(ProbeReport probe) {
    boolean clean = probe.decodeErrors() == 0 && probe.scanStopReason() == null
        && probe.timestamps().strictlyIncreasing();
    String measured = probe.decodeErrors() + " decode errors, "
        + (probe.scanStopReason() == null ? "read to the end" : "stopped: " + probe.scanStopReason())
        + ", " + (probe.timestamps().strictlyIncreasing()
            ? "timestamps increasing"
            : probe.timestamps().nonMonotonicCount() + " non-monotonic timestamps");
    return new Check("decodes", "no errors, read to the end, timestamps strictly increasing",
        measured, clean);
  }

  /** No hole in the video beyond the pauses the source itself made. */
  static Check videoGap(ProbeReport probe, double maxSourceGapSeconds, int frameRate) {
    double allowed = maxSourceGapSeconds + 2.0 / frameRate + 0.02;
    double largest = probe.timestamps().largestVideoGapSeconds();
    return new Check("video gaps", String.format(Locale.ROOT, "<= %.3f s between frames", allowed),
        String.format(Locale.ROOT, "largest %.3f s at %.2f s", largest,
            probe.timestamps().largestVideoGapAtSeconds()),
        largest <= allowed);
  }

  static Check avOffset(SyncReport sync) {
    String measured = sync.pairCount() == 0
        ? "no marker pairs (" + sync.flashSeconds().size() + " flashes, " + sync.beepSeconds().size() + " beeps)"
        : String.format(Locale.ROOT, "max %.1f ms, mean %.1f ms over %d markers",
            sync.maxAbsOffsetMillis(), sync.meanAbsOffsetMillis(), sync.pairCount());
    return new Check("A/V offset", String.format(Locale.ROOT, "<= %.0f ms at every marker", AV_OFFSET_LIMIT_MS),
        measured, sync.pairCount() > 0 && sync.maxAbsOffsetMillis() <= AV_OFFSET_LIMIT_MS);
  }

  /** The guide's band for 30 s of 1080p30: 7-10 MB as {@code ls -lh} shows it (MiB). */
  static Check fileSizeBand(long bytes, double minMib, double maxMib) {
    double mib = bytes / (1024.0 * 1024.0);
    return new Check("file size", String.format(Locale.ROOT, "%.0f-%.0f MB (ls -lh)", minMib, maxMib),
        String.format(Locale.ROOT, "%.2f MB (%,d bytes)", mib, bytes), mib >= minMib && mib <= maxMib);
  }
}
