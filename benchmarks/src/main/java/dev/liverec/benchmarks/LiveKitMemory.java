package dev.liverec.benchmarks;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.livekit.LiveKitSourceConfig;
import dev.liverec.loopback.LoopbackLiveKitServer;
import dev.liverec.spi.FrameSource;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one LiveKit recording leaves behind in native memory. webrtc-java 0.14 never frees a
 * closed peer connection (upstream issue 239, fixed after 0.14), so every LiveKit recording
 * leaks its media connection's native object graph. Measured as the process's RSS growth per
 * recording: LiveKit recordings through the loopback double, interleaved one for one with the
 * reference, synthetic-source recordings of the same length and size through the same
 * encoder (no WebRTC), so outside drift hits both kinds alike. RSS is read after a GC following
 * each recording; the growth after each is attributed to its kind. Arguments: {@code
 * recordings=50 seconds=2 warmup=3 out=target/bench/livekit-memory.tsv}.
 */
public final class LiveKitMemory {
  private static final String KEY = "devkey";
  private static final String SECRET = "livekit-memory-benchmark-secret-0123456789";

  private LiveKitMemory() {}

  public static void main(String[] args) throws Exception {
    run(RecordJob.args(args));
    System.exit(0);
  }

  /** The whole run; returns {mean MB per LiveKit recording, mean MB per reference recording}. */
  public static double[] run(Map<String, String> a) throws Exception {
    int recordings = Integer.parseInt(a.getOrDefault("recordings", "50"));
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "2"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
    Path out = Path.of(a.getOrDefault("out", "target/bench/livekit-memory.tsv"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path dir = Files.createTempDirectory("liverec-livekit-memory");
    List<Double> livekit = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder().apiKey(KEY, SECRET)
            .room("bench").resolution(640, 360).frameRate(30).start();
        PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out))) {
      tsv.println("round\tkind\trssMb\tdeltaMb");
      for (int i = 0; i < warmup; i++) {
        record(livekitSource(server), dir, seconds);
        record(syntheticSource(), dir, seconds);
      }
      double before = Proc.settledRssMb();
      for (int round = 1; round <= recordings; round++) {
        boolean livekitFirst = round % 2 == 1;
        for (int k = 0; k < 2; k++) {
          boolean isLiveKit = (k == 0) == livekitFirst;
          record(isLiveKit ? livekitSource(server) : syntheticSource(), dir, seconds);
          double after = Proc.settledRssMb();
          double delta = after - before;
          before = after;
          (isLiveKit ? livekit : reference).add(delta);
          tsv.printf("%d\t%s\t%.1f\t%.2f%n", round, isLiveKit ? "livekit" : "reference", after,
              delta);
        }
      }
    }
    double[] lk = meanAndHalfWidth(livekit);
    double[] ref = meanAndHalfWidth(reference);
    System.out.printf("RSS growth per recording over %d of each, %.1f s each, interleaved:%n"
        + "  LiveKit (loopback, 640x360@30): %.2f MB +/- %.2f (95%%)%n"
        + "  reference (synthetic source):  %.2f MB +/- %.2f (95%%)%n"
        + "  difference, what a LiveKit recording leaves: %.2f MB%n",
        recordings, seconds, lk[0], lk[1], ref[0], ref[1], lk[0] - ref[0]);
    return new double[] {lk[0], ref[0]};
  }

  private static FrameSource livekitSource(LoopbackLiveKitServer server) {
    return new LiveKitFrameSource(LiveKitSourceConfig.builder().url(server.url())
        .apiKey(KEY, SECRET).room("bench").connectTimeout(Duration.ofSeconds(5))
        .participantTimeout(Duration.ofSeconds(5)).build());
  }

  private static FrameSource syntheticSource() {
    return SyntheticSource.builder().size(640, 360).frameRate(30).clock(SourceClock.REAL)
        .build();
  }

  private static void record(FrameSource source, Path dir, double seconds) throws Exception {
    Path file = Files.createTempFile(dir, "rec", ".mp4");
    Files.delete(file);
    RecorderConfig config = RecorderConfig.builder(file).outputSize(640, 360).frameRate(30)
        .maxDuration(Duration.ofMillis((long) (seconds * 1000))).build();
    try (source; RecordingSession session = RecordingSession.create(config, source)) {
      session.start();
      RecordingResult result = session.awaitResult(Duration.ofMillis((long) (seconds * 1000) + 15_000))
          .orElseGet(session::stop);
      if (result.state() != RecordingState.STOPPED) {
        throw new IllegalStateException("a benchmark recording failed: " + result);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Mean and the half-width of its 95 % confidence interval (normal approximation). */
  static double[] meanAndHalfWidth(List<Double> values) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
        / Math.max(1, values.size() - 1);
    return new double[] {mean, 1.96 * Math.sqrt(var / Math.max(1, values.size()))};
  }
}
