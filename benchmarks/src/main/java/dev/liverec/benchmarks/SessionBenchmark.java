package dev.liverec.benchmarks;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.frame.PixelFormat;
import dev.liverec.spi.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * liverec through its public API: a {@link RecordingSession} (fragmented MP4, video only) fed from
 * pre-generated {@link TexturedFrames} by a {@link RingSource} that wraps them zero-copy.
 *
 * <ul>
 *   <li>{@code inFlight=1} (latency): one operation hands a frame over and returns when the
 *       session has closed it, i.e. after its packet is in the muxer. SampleTime's p50/p99 are the
 *       per-frame latency "hand-over to muxed"; ops/s = 1/mean.
 *   <li>{@code inFlight=4} (throughput): one operation hands a frame over as soon as fewer than
 *       four are open, as a live source ahead of the encoder would. 1/mean is the sustained
 *       frames/s with every overlap the pipeline allows.
 * </ul>
 * {@code format=BGR24_STAGED} is a prototype of the fix recommended in README.md: packed BGR is
 * converted to I420 by {@link ConvertingSink} on its own thread, overlapping the encoder, and the
 * session receives I420. {@code format=BGR24_SWSCALE} feeds BGR24 to a recorder built with {@code
 * noPictureConverter()}: the scale stage's own swscale conversion, to set against {@code BGR24}
 * (libyuv's, when recorder-libyuv is on the class path, as it is here). {@code observer=true} adds a no-op {@link Metrics} observer, to show what
 * {@code Recorder.Builder.addMetrics} costs per frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SessionBenchmark {
  @Param({"640x360", "1280x720", "1920x1080"})
  public String size;

  @Param({"ultrafast", "veryfast"})
  public String preset;

  @Param({"I420", "BGR24"})
  public String format;

  @Param({"1", "4"})
  public int inFlight;

  @Param({"false"})
  public boolean observer;

  private Path dir;
  private RingSource source;
  private RecordingSession session;
  private Recorder owner;
  private final WrittenCounter written = new WrittenCounter();
  /** Frames handed to the session so far. */
  private long pushed;

  @Setup(Level.Trial)
  public void open() throws Exception {
    int[] wh = TexturedFrames.parseSize(size);
    PixelFormat fed = fedFormat();
    open(TexturedFrames.generate(wh[0], wh[1], fed == PixelFormat.I420,
        fed == PixelFormat.BGR24));
  }

  /** Opens the session on frames generated already (holding the form {@link #format} names). */
  public void open(TexturedFrames frames) throws Exception {
    int[] wh = {frames.width(), frames.height()};
    size = wh[0] + "x" + wh[1];
    boolean staged = format.equals("BGR24_STAGED");
    PixelFormat fed = fedFormat();
    dir = Files.createTempDirectory("liverec-bench");
    RingSource ring = RingSource.manual(frames, fed, inFlight);
    source = ring;
    RecorderConfig.Builder config = RecorderConfig.builder(dir.resolve("session.mp4"))
        .name("bench-" + size + "-" + preset + "-" + format)
        .outputSize(wh[0], wh[1])
        .frameRate(BenchSettings.FRAME_RATE)
        .preset(preset)
        .audio(false)
        .stopTimeout(Duration.ofSeconds(30))
        // FloorRatios leaves a session idle while the other contenders run their rounds: that
        // pause is the harness's, not a stalled stream, so it must not trigger stall handling.
        .stallTimeout(Duration.ofHours(1));
    Recorder.Builder recorder = Recorder.builder().addMetrics(name -> written);
    if (format.equals("BGR24_SWSCALE")) {
      recorder.noPictureConverter();
    }
    if (observer) {
      recorder.addMetrics(name -> new Metrics() {});
    }
    owner = recorder.build();
    session = owner.newRecording(config.build(),
        staged ? ConvertingSink.wrap(ring, wh[0], wh[1]) : ring);
    session.start();
  }

  /** The pixel format the source hands over: BGR24 for every BGR24 variant. */
  private PixelFormat fedFormat() {
    return format.startsWith("BGR24") ? PixelFormat.BGR24 : PixelFormat.valueOf(format);
  }

  @Benchmark
  public void frame() throws InterruptedException {
    pushed++;
    if (inFlight == 1) {
      source.pushAndAwait();
    } else {
      source.pushWhenFree();
    }
  }

  /**
   * One round of {@link FloorRatios}: hands {@code count} frames over, {@link #inFlight} at most
   * open at a time, and returns once the session has closed every one of them and written (encoded
   * and muxed) as many frames, so no work of this round spills into the next contender's. Both
   * are needed: a packed-RGB frame is closed as soon as the scale stage has converted it, before
   * its I420 copy is encoded (waiting for the closes alone let the encoding of the last frames of
   * a BGR24 round run in the next contender's round, which made liverec-BGR24 look cheaper than
   * the encoder behind the same conversion).
   */
  public void frames(int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      frame();
    }
    source.awaitAllClosed();
    written.await(pushed);
  }

  /** Counts the session's written (encoded and muxed) video frames; waits for a count. */
  private static final class WrittenCounter implements dev.liverec.spi.Metrics {
    private long frames;

    @Override
    public synchronized void videoFrameWritten(long ptsUs, long intervalUs, int packets,
        long processingNanos, long latencyNanos) {
      frames++;
      notifyAll();
    }

    synchronized void await(long count) throws InterruptedException {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (frames < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("the session wrote " + frames + " of " + count
              + " frames within 60 s");
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    RecordingStats stats = session.stop().stats();
    owner.close();
    Sidecar.write("session", "size=" + size, "preset=" + preset, "format=" + format,
        "inFlight=" + inFlight, "observer=" + observer,
        "framesWritten=" + stats.videoFramesWritten(),
        "dropped=" + stats.framesDroppedBackpressure(),
        "latencyP50Ms=" + stats.frameLatencyP50Ms(), "latencyP99Ms=" + stats.frameLatencyP99Ms(),
        "processingP50Ms=" + stats.frameProcessingP50Ms(),
        "processingP99Ms=" + stats.frameProcessingP99Ms());
    Files.deleteIfExists(dir.resolve("session.mp4"));
    Files.deleteIfExists(dir);
  }
}
