package dev.liverec.app.experiments;

import dev.liverec.RecordingResult;
import dev.liverec.RecordingStats;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.StreamKind;
import dev.liverec.testkit.StreamReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code EXPERIMENT_RESULTS.md}: a summary, then per test what ran, checks, figures, files. */
final class ReportWriter {
  /** Links of one test's artefacts, relative to the report. */
  record Artefacts(String csv, String memoryChart, String fileSizeChart) {}

  private final StringBuilder md = new StringBuilder();

  private ReportWriter() {}

  static void write(Path file, ExperimentSettings settings, List<ExperimentOutcome> outcomes,
      Map<Integer, Artefacts> artefacts, String metricsCsvNote) throws IOException {
    ReportWriter w = new ReportWriter();
    w.header(settings, outcomes, metricsCsvNote);
    for (ExperimentOutcome outcome : outcomes) {
      w.test(outcome, artefacts.get(outcome.number()));
    }
    Files.writeString(file, w.md, StandardCharsets.UTF_8);
  }

  private void header(ExperimentSettings settings, List<ExperimentOutcome> outcomes, String csvNote) {
    boolean passed = outcomes.stream().allMatch(ExperimentOutcome::passed);
    line("# Experiment Results");
    line("");
    line("Written by `liverec experiments` on " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + " against the testkit's synthetic scenarios, through liverec's public API.");
    line("");
    line("- Clock: " + settings.clockDescription() + ".");
    line("- Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB.");
    line("- Memory: " + MemoryProbe.source() + " (the whole process: JVM, heap, FFmpeg's native "
        + "memory); MB are MiB, as `ls -lh` and `ps` count. The 30 s samples (metrics.csv) and the "
        + "limit checks take it right after a full GC, so garbage the JVM has not yet collected "
        + "does not count but any leak, native or Java, does; the charts also show it as sampled. "
        + "The JVM may grow its heap towards -Xmx (here " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MB) before collecting; give the service `-Xmx256m` to cap that too.");
    line("- Files were decoded with FFmpeg's demuxer and decoders (`MediaProbe`): the facts below "
        + "are what a player sees, not what the recorder says about itself.");
    line("- " + csvNote);
    line("");
    line("## Summary");
    line("");
    line("| Test | Result | Checks passed | Media recorded | Wall time |");
    line("| --- | --- | --- | --- | --- |");
    for (ExperimentOutcome o : outcomes) {
      double media = o.runs().stream().mapToLong(r -> r.result().stats().mediaDurationMs()).sum() / 1000.0;
      line(String.format(Locale.ROOT, "| [%d. %s](#test-%d) | %s | %d/%d | %.1f s | %s |", o.number(),
          o.title(), o.number(), verdict(o.passed()), o.checks().size() - o.failedChecks(),
          o.checks().size(), media, format(o.wallTime())));
    }
    line("");
    line("**Overall: " + verdict(passed) + "**");
    line("");
  }

  private void test(ExperimentOutcome o, Artefacts links) {
    line("<a id=\"test-" + o.number() + "\"></a>");
    line("## Test " + o.number() + ": " + o.title());
    line("");
    line("**Result: " + verdict(o.passed()) + "** (" + format(o.wallTime()) + ")");
    line("");
    line("**What was run.** " + o.whatWasRun());
    line("");
    line("### Checks against the guide's expectations");
    line("");
    line("| Check | Expected | Measured | Result |");
    line("| --- | --- | --- | --- |");
    for (Check c : o.checks()) {
      line("| " + cell(c.name()) + " | " + cell(c.expected()) + " | " + cell(c.measured()) + " | "
          + verdict(c.passed()) + " |");
    }
    line("");
    line("### Measured figures");
    line("");
    if (o.runs().size() == 1) {
      figures(o.runs().get(0));
    } else {
      runTable(o.runs());
    }
    for (String note : o.notes()) {
      line("- " + note);
    }
    if (!o.notes().isEmpty()) {
      line("");
    }
    line("### Files (decoded)");
    line("");
    for (RecordingRun run : o.runs()) {
      fileFacts(run);
    }
    if (links != null) {
      line("### Charts");
      line("");
      line("![Memory over time, test " + o.number() + "](" + links.memoryChart() + ")");
      line("");
      line("![File size over time, test " + o.number() + "](" + links.fileSizeChart() + ")");
      line("");
      line("Samples every 30 s of recording: [" + links.csv() + "](" + links.csv() + ").");
      line("");
    }
  }

  private void figures(RecordingRun run) {
    RecordingResult r = run.result();
    RecordingStats s = r.stats();
    double media = s.mediaDurationMs() / 1000.0;
    double wall = run.wallTime().toMillis() / 1000.0;
    line("| Field | Value |");
    line("| --- | --- |");
    row("state", r.state().name().toLowerCase(Locale.ROOT));
    row("file_size", String.format(Locale.ROOT, "%,d bytes (%.2f MB)", r.bytes(), r.bytes() / 1048576.0));
    row("media duration", String.format(Locale.ROOT, "%.2f s", media));
    row("wall time", String.format(Locale.ROOT, "%.1f s (%.1fx real time)", wall, wall > 0 ? media / wall : 0));
    row("average bit rate", String.format(Locale.ROOT, "%.0f kbit/s", media > 0 ? r.bytes() * 8 / media / 1000 : 0));
    row("memory", String.format(Locale.ROOT, "%.0f MB RSS after full GC, %.0f MB peak as sampled",
        run.peakRetainedKb() / 1024.0, run.peakMemoryKb() / 1024.0));
    row("video_frames_received / written", s.videoFramesReceived() + " / " + s.videoFramesWritten());
    row("audio_frames_received / written", s.audioFramesReceived() + " / " + s.audioFramesWritten());
    row("silence_frames_written", String.valueOf(s.silenceFramesWritten()));
    row("packets_written", String.valueOf(s.packetsWritten()));
    row("zero_packet_streak / max", s.zeroPacketStreak() + " / " + s.maxZeroPacketStreak());
    row("encoder_flush_count", String.valueOf(s.encoderFlushCount()));
    row("pts_jitter_avg / max", String.format(Locale.ROOT, "%.3f / %.3f ms", s.ptsJitterAvgMs(), s.ptsJitterMaxMs()));
    row("frames_dropped_backpressure", String.valueOf(s.framesDroppedBackpressure()));
    row("avg_frame_processing_ms (p50 / p99)", String.format(Locale.ROOT, "%.2f (%.2f / %.2f)",
        s.avgFrameProcessingMs(), s.frameProcessingP50Ms(), s.frameProcessingP99Ms()));
    row("frame latency p50 / p99", String.format(Locale.ROOT, "%.2f / %.2f ms",
        s.frameLatencyP50Ms(), s.frameLatencyP99Ms()));
    row("timestamp_repairs", String.valueOf(s.timestampRepairs()));
    row("gaps_seen / longest_gap_ms", s.gapsSeen() + " / " + s.longestGapMs());
    row("resolution_changes", String.valueOf(s.resolutionChanges()));
    row("output size / encoder", s.outputWidth() + "x" + s.outputHeight() + " / " + s.encoderName());
    line("");
  }

  private void runTable(List<RecordingRun> runs) {
    line("| File | State | Media s | Bytes | Frames | Packets | Streak | Dropped | Decoded s | A/V max ms | Peak MB |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (RecordingRun run : runs) {
      RecordingStats s = run.result().stats();
      ProbeReport p = run.probe();
      line(String.format(Locale.ROOT, "| %s | %s | %.2f | %,d | %d | %d | %d | %d | %s | %s | %.0f |",
          run.output().getFileName(), run.result().state().name().toLowerCase(Locale.ROOT),
          s.mediaDurationMs() / 1000.0, run.result().bytes(), s.videoFramesWritten(),
          s.packetsWritten(), s.zeroPacketStreak(), s.framesDroppedBackpressure(),
          p == null ? "-" : String.format(Locale.ROOT, "%.2f", p.durationSeconds()),
          p == null ? "-" : String.format(Locale.ROOT, "%.1f", p.sync().maxAbsOffsetMillis()),
          run.peakMemoryKb() / 1024.0));
    }
    line("");
  }

  private void fileFacts(RecordingRun run) {
    ProbeReport p = run.probe();
    line("`" + run.output().getFileName() + "`");
    line("");
    if (p == null) {
      line("Could not be probed: " + run.probeError());
      line("");
      return;
    }
    line("```");
    line(p.summary());
    line("```");
    line("");
    line("| Stream | Type | Codec | Format | Decoded duration | Packets | Decoded frames |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    for (StreamReport s : p.streams()) {
      String fmt = s.kind() == StreamKind.VIDEO ? s.width() + "x" + s.height()
          : s.kind() == StreamKind.AUDIO ? s.sampleRate() + " Hz x" + s.channels() : "-";
      line(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.3f s | %d | %d |", s.index(),
          s.kind().name().toLowerCase(Locale.ROOT), s.codec(), fmt, s.durationSeconds(),
          s.packetCount(), s.decodedFrameCount()));
    }
    line("");
    line(String.format(Locale.ROOT, "Container duration %.3f s, decoded %.3f s, playable until "
            + "%.3f s; %d decode errors; timestamps %s; largest video gap %.3f s; A/V markers %d, "
            + "max offset %.1f ms.", p.containerDurationSeconds(), p.durationSeconds(),
        p.playableUntilSeconds(), p.decodeErrors(),
        p.timestamps().strictlyIncreasing() ? "strictly increasing" : "NOT monotonic",
        p.timestamps().largestVideoGapSeconds(), p.sync().pairCount(), p.sync().maxAbsOffsetMillis()));
    line("");
  }

  private void row(String field, String value) {
    line("| " + field + " | " + cell(value) + " |");
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String verdict(boolean passed) {
    return passed ? "PASS" : "FAIL";
  }

  private static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
