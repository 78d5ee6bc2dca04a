package dev.liverec.app.experiments;

import dev.liverec.RecordingStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a test's samples: every 30 s of recording for {@code metrics.csv} (the guide's
 * monitor script), and more densely for the charts. Time runs on across the recordings of one
 * test (the rapid start/stop cycles), so a chart shows the whole test.
 */
final class SampleLog {
  /** The guide's monitor script samples every 30 s. */
  static final double CSV_INTERVAL_SECONDS = 30;

  private final double chartIntervalSeconds;
  private final List<MetricSample> csv = new ArrayList<>();
  private final List<MetricSample> chart = new ArrayList<>();
  private double nextCsv;
  private double nextChart;
  private double offsetSeconds;
  private long peakMemoryKb;
  private long peakRetainedKb;

  /** For a test expected to record about this many seconds of media. */
  SampleLog(double expectedSeconds) {
    this.chartIntervalSeconds = Math.max(0.5, expectedSeconds / 300);
  }

  /** Starts a further recording of the same test: its time 0 is where the last one ended. */
  void continueAfter(double secondsOfPreviousRecording) {
    offsetSeconds += secondsOfPreviousRecording;
  }

  /** Takes a sample if the recording has passed the next sampling point. */
  void observe(long fileSize, RecordingStats stats) {
    double t = offsetSeconds + stats.mediaDurationMs() / 1000.0;
    boolean toCsv = t >= nextCsv;
    boolean toChart = t >= nextChart;
    if (!toCsv && !toChart) {
      return;
    }
    if (toCsv) {
      csv.add(sample(t, fileSize, stats, true));
      while (nextCsv <= t) {
        nextCsv += CSV_INTERVAL_SECONDS;
      }
    }
    if (toChart) {
      chart.add(sample(t, fileSize, stats, false));
      while (nextChart <= t) {
        nextChart += chartIntervalSeconds;
      }
    }
  }

  /** Takes the closing sample of a recording. */
  void finish(long fileSize, RecordingStats stats) {
    double t = offsetSeconds + stats.mediaDurationMs() / 1000.0;
    if (chart.isEmpty() || chart.get(chart.size() - 1).timeSeconds() < t) {
      chart.add(sample(t, fileSize, stats, false));
    }
    if (csv.isEmpty() || csv.get(csv.size() - 1).timeSeconds() < t) {
      csv.add(sample(t, fileSize, stats, true));
    }
  }

  private MetricSample sample(double t, long fileSize, RecordingStats stats, boolean afterGc) {
    long rss = afterGc ? MemoryProbe.retainedRssKb() : MemoryProbe.rssKb();
    if (afterGc) {
      peakRetainedKb = Math.max(peakRetainedKb, rss);
    } else {
      peakMemoryKb = Math.max(peakMemoryKb, rss);
    }
    return new MetricSample(t, fileSize, rss, stats.videoFramesWritten(), stats.packetsWritten(),
        stats.zeroPacketStreak());
  }

  /** Samples every 30 s of recording, plus each recording's last; memory after a full GC. */
  List<MetricSample> csvSamples() {
    return List.copyOf(csv);
  }

  /** Dense samples for the charts; memory as it is, garbage included. */
  List<MetricSample> chartSamples() {
    return List.copyOf(chart);
  }

  /** Highest RSS seen in the chart samples (garbage included), KiB. */
  long peakMemoryKb() {
    return peakMemoryKb;
  }

  /** Highest RSS seen right after a full GC (the 30 s samples), KiB. */
  long peakRetainedKb() {
    return peakRetainedKb;
  }
}
