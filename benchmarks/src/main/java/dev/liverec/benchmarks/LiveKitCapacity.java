package dev.liverec.benchmarks;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.livekit.LiveKitSourceConfig;
import dev.liverec.spi.Metrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many LiveKit recordings one recorder process carries, through the path users run: {@code
 * liverec loopback-server} (the LiveKit double, real WebRTC, VP8 camera + Opus microphone) runs
 * in <b>its own process</b>; this process records {@code n} subscriptions to its room through
 * the real subscriber ({@link LiveKitFrameSource}: WebRTC receive, VP8 decode) into {@code n}
 * {@link RecordingSession}s (x264 {@code preset}, AAC). The server encodes once per subscriber,
 * so its load grows with {@code n} too; its CPU is reported, never counted.
 *
 * <p>For {@code n = 1, 2, ...} (until a step fails or {@code max}): all sessions start, each
 * must receive its first second of frames, then {@code warmup} seconds pass and a window of
 * {@code seconds} is measured; per-frame latency (arrival to muxed) is collected by a {@link
 * Metrics} observer during the window only. A step passes with zero frames dropped by the recorder, every
 * session receiving at least 97 % of the published 30 fps (frames the WebRTC stack loses before
 * the recorder count as drops too), and the worst session's p99 per-frame latency in the
 * window under 33 ms. Reported per step: cores of this process per
 * recording (CPU seconds from {@code /proc/self/stat} over the window, divided by the window and
 * {@code n}), CPU seconds per second of video received (the same CPU over the frames received
 * divided by 30: equal to cores per recording when every frame arrives) and RSS per recording (peak RSS in the window above this process's RSS before the
 * first recording, divided by {@code n}). Where the recorder's CPU went: cores per thread group
 * over the window ({@code threadCores}, from {@code /proc/self/task}; libx264's workers are the
 * unnamed native threads, {@code java}; WebRTC's VP8 decoding is {@code DecodingQueue}; the
 * sessions' threads are {@code liverec-...}).
 *
 * <p>Arguments: {@code jar=recorder-app/target/liverec.jar sizes=640x360,1280x720,1920x1080
 * preset=veryfast max=4 seconds=10 warmup=3 out=target/bench/livekit-capacity.tsv}.
 */
public final class LiveKitCapacity {
  private static final String KEY = "devkey";
  private static final String SECRET = "livekit-capacity-benchmark-secret-0123456789";
  private static final String ROOM = "bench";

  /** One step: {@code n} recordings at one size. */
  public record Step(String size, int n, boolean passed, double coresPerRecording,
      double cpuSecondsPerRecordedSecond, double rssMbPerRecording, double minReceivedFps, long dropped, double worstP99Ms,
      double serverCores, Map<String, Double> threadCores, String row) {}

  private LiveKitCapacity() {}

  public static void main(String[] args) throws Exception {
    run(RecordJob.args(args));
    System.exit(0);
  }

  /** The whole run; arguments as in the class comment. */
  public static List<Step> run(Map<String, String> a) throws Exception {
    Path jar = ProcessRatios.liverecJar(a);
    String preset = a.getOrDefault("preset", "veryfast");
    int max = Integer.parseInt(a.getOrDefault("max", "4"));
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "10"));
    double warmup = Double.parseDouble(a.getOrDefault("warmup", "3"));
    Path out = Path.of(a.getOrDefault("out", "target/bench/livekit-capacity.tsv"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path dir = Files.createTempDirectory("liverec-livekit-capacity");
    double baselineRss = Proc.settledRssMb();
    List<Step> steps = new ArrayList<>();
    StringBuilder tsv = new StringBuilder();
    for (String size : a.getOrDefault("sizes", "640x360,1280x720,1920x1080").split(",")) {
      int[] wh = TexturedFrames.parseSize(size);
      Path log = out.resolveSibling("loopback-server-" + size + ".log");
      try (Server server = Server.start(jar, wh, log)) {
        for (int n = 1; n <= max; n++) {
          Step step = step(server, n, wh, preset, seconds, warmup, baselineRss, dir);
          System.out.println(step.row());
          steps.add(step);
          tsv.append(step.row()).append('\n');
          Files.writeString(out, tsv);
          if (!step.passed()) {
            break;
          }
        }
      }
    }
    return steps;
  }

  private static Step step(Server server, int n, int[] wh, String preset, double seconds,
      double warmup, double baselineRss, Path dir) throws Exception {
    List<RecordingSession> sessions = new ArrayList<>();
    List<WindowLatency> latencies = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    // Each recording's latency observer, by the recording's name.
    java.util.Map<String, WindowLatency> observers = new java.util.concurrent.ConcurrentHashMap<>();
    try (Recorder recorder = Recorder.builder().addMetrics(observers::get).build()) {
      for (int i = 0; i < n; i++) {
        Path file = dir.resolve("capacity-" + n + "-" + i + ".mp4");
        Files.deleteIfExists(file);
        WindowLatency latency = new WindowLatency();
        latencies.add(latency);
        observers.put("livekit-capacity-" + i, latency);
        RecorderConfig config = recorder.newConfig(file).name("livekit-capacity-" + i)
            .outputSize(wh[0], wh[1]).frameRate(BenchSettings.FRAME_RATE).preset(preset)
            .stopTimeout(Duration.ofSeconds(20)).build();
        LiveKitFrameSource source = new LiveKitFrameSource(LiveKitSourceConfig.builder()
            .url(server.url()).apiKey(KEY, SECRET).room(ROOM)
            .connectTimeout(Duration.ofSeconds(20)).participantTimeout(Duration.ofSeconds(20))
            .build());
        sessions.add(recorder.newRecording(config, source).start());
      }
      awaitFrames(sessions, BenchSettings.FRAME_RATE, 60_000);
      Thread.sleep((long) (warmup * 1000));
      long[] received0 = new long[n];
      long[] dropped0 = new long[n];
      for (int i = 0; i < n; i++) {
        RecordingStats s = sessions.get(i).status().stats();
        received0[i] = s.videoFramesReceived();
        dropped0[i] = s.framesDroppedBackpressure();
      }
      latencies.forEach(WindowLatency::open);
      Map<String, Long> threads0 = Proc.threadTicks();
      double cpu0 = Proc.cpuSeconds(self);
      double server0 = Proc.cpuSeconds(server.pid());
      long t0 = System.nanoTime();
      long end = t0 + (long) (seconds * 1e9);
      double peakRss = 0;
      while (System.nanoTime() < end) {
        Thread.sleep(200);
        peakRss = Math.max(peakRss, Proc.rssMb());
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      latencies.forEach(WindowLatency::close);
      double cores = (Proc.cpuSeconds(self) - cpu0) / wall;
      Map<String, Double> byThread = Proc.threadCores(threads0, Proc.threadTicks(), wall);
      double serverCores = (Proc.cpuSeconds(server.pid()) - server0) / wall;
      double minFps = Double.MAX_VALUE;
      long receivedFrames = 0;
      long dropped = 0;
      double worstP99 = 0;
      for (int i = 0; i < n; i++) {
        RecordingStats s = sessions.get(i).status().stats();
        minFps = Math.min(minFps, (s.videoFramesReceived() - received0[i]) / wall);
        receivedFrames += s.videoFramesReceived() - received0[i];
        dropped += s.framesDroppedBackpressure() - dropped0[i];
        worstP99 = Math.max(worstP99, latencies.get(i).p99Ms());
      }
      boolean passed = dropped == 0 && minFps >= 0.97 * BenchSettings.FRAME_RATE
          && worstP99 < 33;  // NaN (no frame written in the window) fails too
      double rssPer = (peakRss - baselineRss) / n;
      // A starved machine delivers fewer frames: per second of media received, not of wall time.
      double perRecordedSecond = cores * wall
          / Math.max(1e-9, receivedFrames / (double) BenchSettings.FRAME_RATE);
      String row = String.join("\t", "kind=livekit-capacity", "size=" + wh[0] + "x" + wh[1],
          "recordings=" + n, "passed=" + passed, "coresPerRecording=" + fmt(cores / n),
          "cpuSecondsPerRecordedSecond=" + fmt(perRecordedSecond), "recorderCores=" + fmt(cores), "rssMbPerRecording=" + fmt(rssPer),
          "peakRssMb=" + fmt(peakRss), "baselineRssMb=" + fmt(baselineRss),
          "minReceivedFps=" + fmt(minFps), "dropped=" + dropped, "worstP99Ms=" + fmt(worstP99),
          "serverCores=" + fmt(serverCores), "seconds=" + fmt(wall),
          "threadCores=" + threadsColumn(byThread));
      return new Step(wh[0] + "x" + wh[1], n, passed, cores / n, perRecordedSecond, rssPer, minFps, dropped,
          worstP99, serverCores, byThread, row);
    } finally {
      for (RecordingSession session : sessions) {
        session.close();
      }
      for (int i = 0; i < n; i++) {
        Files.deleteIfExists(dir.resolve("capacity-" + n + "-" + i + ".mp4"));
      }
    }
  }

  /** Waits (bounded) until every session has received {@code frames} video frames. */
  private static void awaitFrames(List<RecordingSession> sessions, int frames, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (RecordingSession session : sessions) {
      while (session.status().stats().videoFramesReceived() < frames) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("a LiveKit recording received no picture within "
              + timeoutMs + " ms: " + session.status());
        }
        Thread.sleep(50);
      }
    }
  }

  /** Each written frame's arrival-to-muxed latency, while the measured window is open. */
  private static final class WindowLatency implements Metrics {
    private final List<Long> nanos = new ArrayList<>();
    private volatile boolean open;

    void open() {
      open = true;
    }

    void close() {
      open = false;
    }

    @Override
    public void videoFrameWritten(long ptsUs, long intervalUs, int packets, long processingNanos,
        long latencyNanos) {
      if (open) {
        synchronized (nanos) {
          nanos.add(latencyNanos);
        }
      }
    }

    double p99Ms() {
      synchronized (nanos) {
        if (nanos.isEmpty()) {
          return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
      }
    }
  }

  /** The recorder's busiest thread groups, "name:cores" comma-separated (at most ten). */
  private static String threadsColumn(Map<String, Double> byThread) {
    StringBuilder out = new StringBuilder();
    byThread.entrySet().stream().limit(10).forEach(e -> out.append(out.isEmpty() ? "" : ",")
        .append(e.getKey().replace(',', ' ').replace('\t', ' ')).append(':')
        .append(String.format(Locale.ROOT, "%.3f", e.getValue())));
    return out.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** {@code liverec loopback-server} in its own process, publishing {@code size} at 30 fps. */
  private static final class Server implements AutoCloseable {
    private final Process process;
    private final int port;

    private Server(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Server start(Path jar, int[] wh, Path log) throws Exception {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString(), "loopback-server",
          "--port", Integer.toString(port), "--room", ROOM, "--api-key", KEY,
          "--size", wh[0] + "x" + wh[1], "--fps", Integer.toString(BenchSettings.FRAME_RATE))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      // The secret travels in the environment, never on a command line others can read.
      builder.environment().put("LIVEKIT_API_SECRET", SECRET);
      Process p = builder.start();
      Server server = new Server(p, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("loopback LiveKit test double at")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IllegalStateException("liverec loopback-server did not start: see " + log);
        }
        Thread.sleep(100);
      }
      return server;
    }

    String url() {
      return "ws://127.0.0.1:" + port;
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws IOException, InterruptedException {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
