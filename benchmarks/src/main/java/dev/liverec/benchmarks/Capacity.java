package dev.liverec.benchmarks;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.frame.PixelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How many concurrent real-time sessions this machine carries: {@code n} sessions, each fed by its
 * own {@link RingSource} at 30 fps on the wall clock (pre-generated textured frames, shared
 * read-only), for {@code n = 1, 2, ...} until two steps in a row drop frames or {@code max} is
 * reached. Per step: backpressure drops and frames behind (received - written) in the measured
 * window (after a {@code warmup}), process CPU as a share of all cores, RSS, worst session p99
 * latency. Arguments: {@code size=1280x720 preset=veryfast max=10 seconds=12 warmup=3
 * start=1 out=target/bench/capacity.tsv}.
 */
public final class Capacity {
  private Capacity() {}

  public static void main(String[] args) throws Exception {
    run(RecordJob.args(args));
    // Native libraries may keep non-daemon threads: a job ends when its work is done.
    System.exit(0);
  }

  /** The whole run, without exiting the JVM; arguments as in the class comment. */
  public static void run(Map<String, String> a) throws Exception {
    int[] wh = TexturedFrames.parseSize(a.getOrDefault("size", "1280x720"));
    String preset = a.getOrDefault("preset", "veryfast");
    int max = Integer.parseInt(a.getOrDefault("max", "10"));
    int start = Integer.parseInt(a.getOrDefault("start", "1"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "12"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
    Path out = Path.of(a.getOrDefault("out", "target/bench/capacity.tsv"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    TexturedFrames frames = TexturedFrames.generate(wh[0], wh[1], true, false);
    Path dir = Files.createTempDirectory("liverec-capacity");
    StringBuilder tsv = new StringBuilder();
    int failures = 0;
    for (int n = start; n <= max && failures < 2; n++) {
      String row = step(n, frames, wh, preset, seconds, warmup, dir);
      System.out.println(row);
      tsv.append(row).append('\n');
      failures = row.contains("\tdropped=0\t") ? 0 : failures + 1;
      Files.writeString(out, tsv);
    }
  }

  private static String step(int n, TexturedFrames frames, int[] wh, String preset, int seconds,
      int warmup, Path dir) throws Exception {
    List<RecordingSession> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path file = dir.resolve("capacity-" + n + "-" + i + ".mp4");
      Files.deleteIfExists(file);
      RecorderConfig config = RecorderConfig.builder(file).name("capacity-" + n + "-" + i)
          .outputSize(wh[0], wh[1]).frameRate(BenchSettings.FRAME_RATE).preset(preset)
          .audio(false).stopTimeout(Duration.ofSeconds(20)).build();
      RingSource source = new RingSource(frames, PixelFormat.I420, BenchSettings.FRAME_RATE,
          RingSource.Pace.REAL_TIME, Long.MAX_VALUE, 1);
      sessions.add(RecordingSession.create(config, source).start());
    }
    Thread.sleep(warmup * 1000L);
    long[] received0 = new long[n];
    long[] dropped0 = new long[n];
    for (int i = 0; i < n; i++) {
      RecordingStats s = sessions.get(i).status().stats();
      received0[i] = s.videoFramesReceived();
      dropped0[i] = s.framesDroppedBackpressure();
    }
    long cpu0 = Proc.cpuNanos();
    long t0 = System.nanoTime();
    double peakRss = 0;
    for (int t = 0; t < seconds * 4; t++) {
      Thread.sleep(250);
      peakRss = Math.max(peakRss, Proc.rssMb());
    }
    long wall = System.nanoTime() - t0;
    double cpuShare = (Proc.cpuNanos() - cpu0) / (double) wall / Proc.cores();
    long received = 0;
    long dropped = 0;
    long behind = 0;
    double worstP99 = 0;
    for (int i = 0; i < n; i++) {
      RecordingStats s = sessions.get(i).status().stats();
      received += s.videoFramesReceived() - received0[i];
      dropped += s.framesDroppedBackpressure() - dropped0[i];
      behind += s.videoFramesReceived() - s.framesDroppedBackpressure() - s.videoFramesWritten();
      worstP99 = Math.max(worstP99, s.frameLatencyP99Ms());
    }
    for (RecordingSession session : sessions) {
      session.close();
    }
    for (int i = 0; i < n; i++) {
      Files.deleteIfExists(dir.resolve("capacity-" + n + "-" + i + ".mp4"));
    }
    return String.join("\t", "kind=capacity", "sessions=" + n, "size=" + wh[0] + "x" + wh[1],
        "preset=" + preset, "seconds=" + seconds, "received=" + received, "dropped=" + dropped,
        "behindAtEnd=" + behind, "cpuPct=" + RecordJob.fmt(cpuShare * 100),
        "peakRssMb=" + RecordJob.fmt(peakRss), "worstP99Ms=" + RecordJob.fmt(worstP99));
  }
}
