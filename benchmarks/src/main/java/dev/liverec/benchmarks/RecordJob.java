package dev.liverec.benchmarks;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * One whole recording job in its own process, for peak RSS and whole-process time:
 * {@code impl=liverec|javacv format=I420|BGR24 size=1920x1080 preset=veryfast frames=600
 * source=ring|raw:/path out=/path.mp4}.
 *
 * <p>{@code source=ring} plays the pre-generated {@link TexturedFrames} (the same pictures for
 * both implementations); {@code source=raw:FILE} reads a raw I420/BGR24 file made by
 * {@link RawWriter}, memory-mapped, the same file the {@code ffmpeg} command line reads. Prints
 * one {@code key=value} line: wall and encode times, CPU, RSS when the frames were ready, peak
 * (VmHWM) and final RSS.
 */
public final class RecordJob {
  private RecordJob() {}

  public static void main(String[] args) throws Exception {
    run(args(args));
    // Native libraries may keep non-daemon threads: a job ends when its work is done.
    System.exit(0);
  }

  /** The whole run, without exiting the JVM; arguments as in the class comment. */
  public static void run(Map<String, String> a) throws Exception {
    String impl = a.getOrDefault("impl", "liverec");
    PixelFormat format = PixelFormat.valueOf(a.getOrDefault("format", "I420"));
    int[] wh = TexturedFrames.parseSize(a.getOrDefault("size", "1920x1080"));
    String preset = a.getOrDefault("preset", "veryfast");
    int frames = Integer.parseInt(a.getOrDefault("frames", "600"));
    String sourceKind = a.getOrDefault("source", "ring");
    Path out = Path.of(a.getOrDefault("out", "target/bench/job-" + impl + "-" + format + ".mp4"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.deleteIfExists(out);
    av_log_set_level(AV_LOG_ERROR);

    FrameSupplier supply = sourceKind.startsWith("raw:")
        ? FrameSupplier.raw(Path.of(sourceKind.substring(4)), format, wh[0], wh[1], frames)
        : FrameSupplier.ring(TexturedFrames.generate(wh[0], wh[1], format == PixelFormat.I420,
            format == PixelFormat.BGR24), format);
    double readyRss = Proc.rssMb();
    long cpu0 = Proc.cpuNanos();
    long t0 = System.nanoTime();
    long written;
    if (impl.equals("liverec")) {
      written = runLiverec(supply, format, wh, preset, frames, out);
    } else if (impl.equals("javacv")) {
      written = runJavaCv(supply, format, wh, preset, frames, out);
    } else {
      throw new IllegalArgumentException("impl must be liverec or javacv");
    }
    long encodeNanos = System.nanoTime() - t0;
    long cpu = Proc.cpuNanos() - cpu0;
    String line = String.join("\t", "kind=job", "impl=" + impl, "format=" + format,
        "size=" + wh[0] + "x" + wh[1], "preset=" + preset, "frames=" + written,
        "source=" + (sourceKind.startsWith("raw:") ? "raw" : "ring"),
        "encodeMs=" + encodeNanos / 1_000_000, "msPerFrame=" + fmt(encodeNanos / 1e6 / written),
        "cpuMs=" + cpu / 1_000_000, "uptimeMs=" + Proc.uptimeMs(),
        "readyRssMb=" + fmt(readyRss), "peakRssMb=" + fmt(Proc.peakRssMb()),
        "endRssMb=" + fmt(Proc.rssMb()), "bytes=" + Files.size(out));
    System.out.println(line);
  }

  private static long runLiverec(FrameSupplier supply, PixelFormat format, int[] wh,
      String preset, int frames, Path out) throws Exception {
    FrameSource source = new FrameSource() {
      private Thread thread;

      @Override
      public void start(FrameSink sink) {
        Semaphore inFlight = new Semaphore(4);
        Runnable release = inFlight::release;
        thread = new Thread(() -> {
          try {
            for (int n = 0; n < frames; n++) {
              inFlight.acquire();
              sink.onVideo(VideoFrame.wrap(format, wh[0], wh[1], supply.buffers(n),
                  supply.strides(), n * 33_333L, release));
            }
            sink.onEvent(SourceEvent.endOfStream("job done"));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "job-source");
        thread.setDaemon(true);
        thread.start();
      }

      @Override
      public boolean hasAudio() {
        return false;
      }

      @Override
      public String describe() {
        return "record job";
      }

      @Override
      public void close() {}
    };
    RecorderConfig config = RecorderConfig.builder(out).outputSize(wh[0], wh[1])
        .frameRate(BenchSettings.FRAME_RATE).preset(preset).audio(false)
        .stopTimeout(Duration.ofSeconds(60)).build();
    try (RecordingSession session = RecordingSession.create(config, source)) {
      session.start();
      RecordingResult result = session.awaitResult(Duration.ofMinutes(30))
          .orElseThrow(() -> new IllegalStateException("the job did not finish"));
      return result.stats().videoFramesWritten();
    }
  }

  private static long runJavaCv(FrameSupplier supply, PixelFormat format, int[] wh,
      String preset, int frames, Path out) throws Exception {
    FFmpegFrameRecorder recorder = JavaCvRecording.start(out, wh[0], wh[1], preset);
    boolean i420 = format == PixelFormat.I420;
    int pixelFormat = i420 ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_BGR24;
    Frame frame = new Frame();
    frame.imageWidth = wh[0];
    frame.imageHeight = wh[1];
    frame.imageDepth = Frame.DEPTH_UBYTE;
    frame.imageChannels = i420 ? 1 : 3;
    frame.imageStride = i420 ? wh[0] : wh[0] * 3;
    for (int n = 0; n < frames; n++) {
      frame.image = new Buffer[] {supply.whole(n)};
      recorder.record(frame, pixelFormat);
    }
    recorder.stop();
    recorder.release();
    return frames;
  }

  /** Where a job's pictures come from. */
  private interface FrameSupplier {
    ByteBuffer[] buffers(int n);

    int[] strides();

    ByteBuffer whole(int n);

    static FrameSupplier ring(TexturedFrames frames, PixelFormat format) {
      return new FrameSupplier() {
        @Override
        public ByteBuffer[] buffers(int n) {
          return frames.buffers(TexturedFrames.index(n), format);
        }

        @Override
        public int[] strides() {
          return frames.strides(format);
        }

        @Override
        public ByteBuffer whole(int n) {
          int f = TexturedFrames.index(n);
          return format == PixelFormat.I420 ? frames.i420(f) : frames.bgr(f);
        }
      };
    }

    static FrameSupplier raw(Path file, PixelFormat format, int w, int h, int frames)
        throws Exception {
      long frameBytes = format == PixelFormat.I420 ? (long) w * h * 3 / 2 : (long) w * h * 3;
      MappedByteBuffer[] mapped = new MappedByteBuffer[frames];
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        for (int n = 0; n < frames; n++) {
          mapped[n] = ch.map(FileChannel.MapMode.READ_ONLY, n * frameBytes, frameBytes);
        }
      }
      int ySize = w * h;
      int cSize = (w / 2) * (h / 2);
      return new FrameSupplier() {
        @Override
        public ByteBuffer[] buffers(int n) {
          ByteBuffer whole = mapped[n];
          if (format != PixelFormat.I420) {
            return new ByteBuffer[] {whole};
          }
          return new ByteBuffer[] {
            whole.duplicate().position(0).limit(ySize).slice(),
            whole.duplicate().position(ySize).limit(ySize + cSize).slice(),
            whole.duplicate().position(ySize + cSize).limit(ySize + 2 * cSize).slice()
          };
        }

        @Override
        public int[] strides() {
          return format == PixelFormat.I420 ? new int[] {w, w / 2, w / 2} : new int[] {w * 3};
        }

        @Override
        public ByteBuffer whole(int n) {
          return mapped[n];
        }
      };
    }
  }

  static Map<String, String> args(String[] args) {
    Map<String, String> map = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value, got " + arg);
      }
      map.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return map;
  }

  static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }
}
