package dev.liverec.benchmarks;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the harness itself allocates per frame, to subtract from {@link SessionBenchmark}'s
 * {@code gc.alloc.rate.norm}: one {@link VideoFrame#wrap} and its {@code close()}, the zero-copy
 * hand-over every session benchmark does. (A source filling pooled frames allocates nothing here.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandOverBaselineBenchmark {
  private final Runnable onClose = () -> { };
  private ByteBuffer[] planes;
  private final int[] strides = {64, 32, 32};
  private long n;

  @Setup
  public void open() {
    planes = new ByteBuffer[] {
      ByteBuffer.allocateDirect(64 * 64), ByteBuffer.allocateDirect(32 * 32),
      ByteBuffer.allocateDirect(32 * 32)
    };
  }

  @Benchmark
  public VideoFrame wrapAndClose() {
    VideoFrame frame = VideoFrame.wrap(PixelFormat.I420, 64, 64, planes, strides, n++, onClose);
    frame.close();
    return frame;
  }
}
