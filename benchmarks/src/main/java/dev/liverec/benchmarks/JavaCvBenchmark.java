package dev.liverec.benchmarks;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
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
 * What a Java developer would use instead: JavaCV's {@link FFmpegFrameRecorder} recording the same
 * pre-generated frames to MP4 with the same codec settings. {@code record()} is synchronous:
 * it converts (for BGR24, with swscale on the caller's thread), encodes and muxes before it
 * returns, so one operation's time is its per-frame latency and ops/s its throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JavaCvBenchmark {
  @Param({"640x360", "1280x720", "1920x1080"})
  public String size;

  @Param({"ultrafast", "veryfast"})
  public String preset;

  @Param({"I420", "BGR24"})
  public String format;

  private Path dir;
  private FFmpegFrameRecorder recorder;
  private Frame[] frames;
  private int pixelFormat;
  private long n;

  @Setup(Level.Trial)
  public void open() throws Exception {
    int[] wh = TexturedFrames.parseSize(size);
    boolean i420 = format.equals("I420");
    open(TexturedFrames.generate(wh[0], wh[1], i420, !i420));
  }

  /** Starts the recorder on frames generated already (holding the form {@link #format} names). */
  public void open(TexturedFrames source) throws Exception {
    av_log_set_level(AV_LOG_ERROR);
    int[] wh = {source.width(), source.height()};
    size = wh[0] + "x" + wh[1];
    boolean i420 = format.equals("I420");
    frames = new Frame[TexturedFrames.RING];
    for (int f = 0; f < TexturedFrames.RING; f++) {
      frames[f] = JavaCvRecording.frame(source, f, i420);
    }
    pixelFormat = i420 ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_BGR24;
    dir = Files.createTempDirectory("javacv-bench");
    recorder = JavaCvRecording.start(dir.resolve("javacv.mp4"), wh[0], wh[1], preset);
  }

  @Benchmark
  public Frame record() throws Exception {
    Frame frame = frames[TexturedFrames.index(n++)];
    recorder.record(frame, pixelFormat);
    return frame;
  }

  /** Records {@code count} frames (one round of {@link FloorRatios}). */
  public void record(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      record();
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    recorder.stop();
    recorder.release();
    Files.deleteIfExists(dir.resolve("javacv.mp4"));
    Files.deleteIfExists(dir);
  }
}
