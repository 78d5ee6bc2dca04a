package dev.liverec.benchmarks;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.spi.Metrics;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A long run through one session on the virtual clock: the testkit's {@link SyntheticSource}
 * (moving textured pattern plus tone, so the audio path and silence filler run too), 1080p30,
 * {@code veryfast}, as fast as the machine encodes. A {@link Metrics} observer samples RSS every 30
 * s of media time. Reports RSS at start (first sample), at the reference point (10 min, or a third
 * of the run when shorter), peak, end, and the least-squares slope after the reference point.
 * Arguments: {@code minutes=4 size=1920x1080 preset=veryfast out=target/bench/soak.tsv
 * keep=false}. The full soak is {@code minutes=240}.
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] args) throws Exception {
    run(RecordJob.args(args));
    // Native libraries may keep non-daemon threads: a job ends when its work is done.
    System.exit(0);
  }

  /** The whole run, without exiting the JVM; arguments as in the class comment. */
  public static void run(Map<String, String> a) throws Exception {
    double minutes = Double.parseDouble(a.getOrDefault("minutes", "4"));
    int[] wh = TexturedFrames.parseSize(a.getOrDefault("size", "1920x1080"));
    String preset = a.getOrDefault("preset", "veryfast");
    Path out = Path.of(a.getOrDefault("out", "target/bench/soak.tsv"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path dir = Files.createTempDirectory("liverec-soak");
    Path file = dir.resolve("soak.mp4");

    List<double[]> samples = new ArrayList<>();
    Metrics sampler = new Metrics() {
      private long nextUs = 30_000_000L;

      @Override
      public void videoFrameWritten(long ptsUs, long intervalUs, int packets,
          long processingNanos, long latencyNanos) {
        if (ptsUs >= nextUs) {
          nextUs += 30_000_000L;
          synchronized (samples) {
            samples.add(new double[] {ptsUs / 1e6, Proc.rssMb()});
          }
        }
      }
    };
    SyntheticSource source = SyntheticSource.builder().size(wh[0], wh[1])
        .frameRate(BenchSettings.FRAME_RATE)
        .duration(Duration.ofMillis((long) (minutes * 60_000))).clock(SourceClock.VIRTUAL).build();
    RecorderConfig config = RecorderConfig.builder(file).name("soak").outputSize(wh[0], wh[1])
        .frameRate(BenchSettings.FRAME_RATE).preset(preset)
        .stopTimeout(Duration.ofSeconds(60)).build();
    long t0 = System.nanoTime();
    RecordingResult result;
    try (Recorder recorder = Recorder.builder().addMetrics(name -> sampler).build();
        RecordingSession session = recorder.newRecording(config, source)) {
      session.start();
      result = session.awaitResult(Duration.ofHours(12))
          .orElseThrow(() -> new IllegalStateException("soak did not end"));
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    StringBuilder tsv = new StringBuilder();
    for (double[] s : samples) {
      tsv.append("kind=soak-sample\tmediaS=").append(RecordJob.fmt(s[0])).append("\trssMb=")
          .append(RecordJob.fmt(s[1])).append('\n');
    }
    double refS = Math.min(600, minutes * 60 / 3);
    double[] ref = samples.stream().filter(s -> s[0] >= refS).findFirst()
        .orElse(samples.isEmpty() ? new double[] {0, -1} : samples.get(samples.size() - 1));
    double peak = samples.stream().mapToDouble(s -> s[1]).max().orElse(-1);
    double start = samples.isEmpty() ? -1 : samples.get(0)[1];
    double end = samples.isEmpty() ? -1 : samples.get(samples.size() - 1)[1];
    double slope = slopeMbPerHour(samples, ref[0]);
    String summary = String.join("\t", "kind=soak", "mediaMinutes=" + RecordJob.fmt(minutes),
        "size=" + wh[0] + "x" + wh[1], "preset=" + preset, "wallMs=" + wallMs,
        "state=" + result.state(), "framesWritten=" + result.stats().videoFramesWritten(),
        "dropped=" + result.stats().framesDroppedBackpressure(),
        "startRssMb=" + RecordJob.fmt(start), "refS=" + RecordJob.fmt(ref[0]),
        "refRssMb=" + RecordJob.fmt(ref[1]), "peakRssMb=" + RecordJob.fmt(peak),
        "endRssMb=" + RecordJob.fmt(end),
        "endVsRefPct=" + RecordJob.fmt(ref[1] > 0 ? (end - ref[1]) / ref[1] * 100 : 0),
        "slopeMbPerHour=" + RecordJob.fmt(slope), "bytes=" + result.bytes());
    tsv.append(summary).append('\n');
    System.out.print(tsv);
    Files.writeString(out, tsv);
    if (!Boolean.parseBoolean(a.getOrDefault("keep", "false"))) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** Least-squares slope of RSS over media time, from {@code fromS} on, in MiB per hour. */
  static double slopeMbPerHour(List<double[]> samples, double fromS) {
    double n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] s : samples) {
      if (s[0] < fromS) {
        continue;
      }
      n++;
      sx += s[0];
      sy += s[1];
      sxx += s[0] * s[0];
      sxy += s[0] * s[1];
    }
    double d = n * sxx - sx * sx;
    return n < 2 || d == 0 ? 0 : (n * sxy - sx * sy) / d * 3600;
  }
}
