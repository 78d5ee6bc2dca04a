package dev.liverec.benchmarks;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.frame.PixelFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Bytes the session thread allocates per frame in steady state, read from the JVM's per-thread
 * allocation counter ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Unlike
 * JMH's {@code gc.alloc.rate.norm}, which divides all of the JVM's allocation (JMH's own sample
 * buffers included) by the operations, this counts the recorder's thread alone and does not move
 * with machine load, and it leaves out the harness's source thread ({@code VideoFrame.wrap}).
 * Arguments: {@code size=1920x1080 preset=veryfast format=I420 warmup=300
 * frames=900}.
 */
public final class AllocationProbe {
  private AllocationProbe() {}

  public static void main(String[] args) throws Exception {
    run(RecordJob.args(args));
    System.exit(0);
  }

  private static long sessionThreadId(String name) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals(name)) {
          return t.getId();
        }
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no session thread named " + name);
  }

  /** The measurement, without exiting the JVM. */
  public static void run(Map<String, String> a) throws Exception {
    int[] wh = TexturedFrames.parseSize(a.getOrDefault("size", "1920x1080"));
    String preset = a.getOrDefault("preset", "veryfast");
    PixelFormat format = PixelFormat.valueOf(a.getOrDefault("format", "I420"));
    long warmup = Long.parseLong(a.getOrDefault("warmup", "300"));
    long frames = Long.parseLong(a.getOrDefault("frames", "900"));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    TexturedFrames ring = TexturedFrames.generate(wh[0], wh[1], format == PixelFormat.I420,
        format == PixelFormat.BGR24);
    Path dir = Files.createTempDirectory("liverec-alloc");
    RingSource source = new RingSource(ring, format, BenchSettings.FRAME_RATE,
        RingSource.Pace.VIRTUAL, warmup + frames + 30, 4);
    RecorderConfig config = RecorderConfig.builder(dir.resolve("alloc.mp4")).name("alloc")
        .outputSize(wh[0], wh[1]).frameRate(BenchSettings.FRAME_RATE).preset(preset)
        .audio(false).stopTimeout(Duration.ofSeconds(60)).build();
    long bytes0 = -1;
    long frames0 = 0;
    long bytes1 = -1;
    long frames1 = 0;
    try (RecordingSession session = RecordingSession.create(config, source)) {
      session.start();
      long id = sessionThreadId("liverec-alloc");
      while (true) {
        Thread.sleep(5);
        long written = session.status().stats().videoFramesWritten();
        if (bytes0 < 0 && written >= warmup) {
          bytes0 = threads.getThreadAllocatedBytes(id);
          frames0 = written;
        } else if (bytes0 >= 0 && written >= warmup + frames) {
          bytes1 = threads.getThreadAllocatedBytes(id);
          frames1 = written;
          break;
        }
      }
      session.stop();
    }
    Files.deleteIfExists(dir.resolve("alloc.mp4"));
    Files.deleteIfExists(dir);
    // The counter is read from this thread while the session runs (no observer installed), so
    // the window edges may be off by a frame or two out of hundreds.
    double perFrame = (bytes1 - bytes0) / (double) (frames1 - frames0);
    String line = String.join("\t", "kind=alloc", "size=" + wh[0] + "x" + wh[1],
        "preset=" + preset, "format=" + format, "frames=" + (frames1 - frames0),
        "sessionThreadBytesPerFrame=" + RecordJob.fmt(perFrame));
    System.out.println(line);
  }
}
