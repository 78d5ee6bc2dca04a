package dev.liverec.benchmarks;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INP;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_POINT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.PictureConverter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Which swscale flags the scale stage should use for packed RGB: speed against colour error,
 * measured interleaved. Each candidate converts the same {@link TexturedFrames} (BGR24) to I420,
 * at the same size (what a BGR source of the output size costs) and scaled up from 1280x720
 * (a source that changed size). Speed: rounds in which every candidate converts the same frames
 * in an order that rotates; each candidate's time divided by {@code bilinear}'s (the flags the
 * stage used until this measurement) in the same round, median and bootstrap interval over the
 * rounds ({@link Ratio}). Error: PSNR of each plane against the most accurate conversion swscale
 * offers (bicubic, accurate rounding, full chroma interpolation), on every fourth picture of the ring.
 * At the same size the {@code PictureConverter} a {@link dev.liverec.Recorder} finds (libyuv, with
 * recorder-libyuv on the class path) is measured in the same rounds as one more candidate,
 * {@link #CONVERTER}: the route the scale stage takes for such pictures when it is present.
 *
 * <p>Arguments: {@code size=1920x1080 from=1280x720 rounds=30 frames=10
 * out=target/bench/scaler-flags}.
 */
public final class ScalerFlags {
  private static final int REFERENCE_FLAGS =
      SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP;
  /** The candidates, the stage's former choice first (the reference of every ratio). */
  static final Map<String, Integer> CANDIDATES = candidates();
  /** The candidate name of the recorder's picture converter (same-size input only). */
  static final String CONVERTER = "converter";

  /** One candidate's figures for one input size. */
  public record Result(String input, String flags, double medianMsPerFrame, Ratio toBilinear,
      double psnrY, double psnrChroma) {}

  private ScalerFlags() {}

  private static Map<String, Integer> candidates() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("bilinear", SWS_BILINEAR);
    m.put("fast_bilinear", SWS_FAST_BILINEAR);
    m.put("point", SWS_POINT);
    m.put("area", SWS_AREA);
    m.put("bicubic", SWS_BICUBIC);
    // Either flag keeps swscale off its special unscaled BGR24-to-YUV420P converter.
    m.put("bilinear+accurate_rnd", SWS_BILINEAR | SWS_ACCURATE_RND);
    m.put("bilinear+full_chr_h_inp", SWS_BILINEAR | SWS_FULL_CHR_H_INP);
    return m;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = RecordJob.args(args);
    List<Result> results = run(TexturedFrames.parseSize(a.getOrDefault("size", "1920x1080")),
        TexturedFrames.parseSize(a.getOrDefault("from", "1280x720")),
        Integer.parseInt(a.getOrDefault("rounds", "30")),
        Integer.parseInt(a.getOrDefault("frames", "10")));
    Path out = Path.of(a.getOrDefault("out", "target/bench/scaler-flags"));
    Files.createDirectories(out);
    try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("results.tsv")))) {
      tsv.println("input\tflags\tms_per_frame\tratio\tlow\thigh\tpsnr_y\tpsnr_chroma");
      for (Result r : results) {
        String line = String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f",
            r.input(), r.flags(), r.medianMsPerFrame(), r.toBilinear().median(),
            r.toBilinear().low(), r.toBilinear().high(), r.psnrY(), r.psnrChroma());
        tsv.println(line);
        System.out.println(line);
      }
    }
  }

  /** Measures every candidate at {@code size}, from BGR24 of the same size and of {@code from}. */
  public static List<Result> run(int[] size, int[] from, int rounds, int frames) {
    List<Result> results = new ArrayList<>();
    for (int[] input : List.of(size, from)) {
      TexturedFrames pictures = TexturedFrames.generate(input[0], input[1], false, true);
      results.addAll(measure(pictures, size[0], size[1], rounds, frames));
    }
    return results;
  }

  private static List<Result> measure(TexturedFrames in, int width, int height, int rounds,
      int frames) {
    String input = in.width() + "x" + in.height() + " BGR24 -> " + width + "x" + height;
    List<String> names = new ArrayList<>(CANDIDATES.keySet());
    // The converter converts at the same size only.
    PictureConverter converter = in.width() == width && in.height() == height
        ? BenchSettings.converterFor(in) : null;
    try (Conversion reference = new Conversion(in, width, height, REFERENCE_FLAGS, null)) {
      Map<String, Conversion> conversions = new LinkedHashMap<>();
      try {
        for (String name : names) {
          conversions.put(name, new Conversion(in, width, height, CANDIDATES.get(name), null));
        }
        if (converter != null) {
          names.add(CONVERTER);
          conversions.put(CONVERTER, new Conversion(in, width, height, 0, converter));
        }
        Map<String, double[]> psnr = new LinkedHashMap<>();
        for (String name : names) {
          psnr.put(name, psnr(conversions.get(name), reference, in));
        }
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        for (String name : names) {
          ratios.put(name, new ArrayList<>());
          millis.put(name, new ArrayList<>());
          conversions.get(name).convert(frames); // warm-up
        }
        for (int round = 0; round < rounds; round++) {
          Map<String, Long> nanos = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            String name = names.get((i + round) % names.size());
            long started = System.nanoTime();
            conversions.get(name).convert(frames);
            nanos.put(name, System.nanoTime() - started);
          }
          for (String name : names) {
            ratios.get(name).add(nanos.get(name) / (double) nanos.get("bilinear"));
            millis.get(name).add(nanos.get(name) / 1e6 / frames);
          }
        }
        List<Result> results = new ArrayList<>();
        for (String name : names) {
          results.add(new Result(input, name, Ratio.median(millis.get(name)),
              Ratio.of(ratios.get(name)), psnr.get(name)[0], psnr.get(name)[1]));
        }
        return results;
      } finally {
        for (Conversion c : conversions.values()) {
          c.close();
        }
      }
    }
  }


  /** Mean PSNR (Y, then U and V together) of {@code c}'s pictures against {@code reference}'s. */
  private static double[] psnr(Conversion c, Conversion reference, TexturedFrames in) {
    double errY = 0;
    double errC = 0;
    long samplesY = 0;
    long samplesC = 0;
    for (int f = 0; f < TexturedFrames.RING; f += 4) {
      c.convertOne(f);
      reference.convertOne(f);
      for (int p = 0; p < 3; p++) {
        ByteBuffer x = c.planes[p];
        ByteBuffer y = reference.planes[p];
        double sum = 0;
        int n = c.sizes[p];
        for (int i = 0; i < n; i++) {
          int d = (x.get(i) & 0xff) - (y.get(i) & 0xff);
          sum += d * d;
        }
        if (p == 0) {
          errY += sum;
          samplesY += n;
        } else {
          errC += sum;
          samplesC += n;
        }
      }
    }
    return new double[] {psnr(errY / samplesY), psnr(errC / samplesC)};
  }

  private static double psnr(double mse) {
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /**
   * One swscale context with {@code flags} (or the picture converter, when given, and no swscale
   * context) converting the ring's BGR24
   * pictures into one I420 picture it owns.
   */
  private static final class Conversion implements AutoCloseable {
    private final TexturedFrames in;
    private final SwsContext sws;
    private final PictureConverter converter;
    private final VideoFrame target;
    private final ByteBuffer[] planes = new ByteBuffer[3];
    private final int[] sizes = new int[3];
    private final PointerPointer<BytePointer> src = new PointerPointer<>(4);
    private final IntPointer srcStride = new IntPointer(4);
    private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);
    private int next;

    Conversion(TexturedFrames in, int width, int height, int flags, PictureConverter converter) {
      this.in = in;
      this.converter = converter;
      if (converter == null) {
        SwsContext context = sws_getContext(in.width(), in.height(), AV_PIX_FMT_BGR24, width,
            height, AV_PIX_FMT_YUV420P, flags, null, null, (DoublePointer) null);
        if (context == null) {
          throw new IllegalStateException("swscale refused flags " + flags);
        }
        this.sws = context;
      } else {
        this.sws = null;
      }
      int[] strides = {width, width / 2, width / 2};
      int[] rows = {height, height / 2, height / 2};
      for (int p = 0; p < 3; p++) {
        // swscale may write a little past a row: 64 spare bytes.
        sizes[p] = strides[p] * rows[p];
        planes[p] = ByteBuffer.allocateDirect(sizes[p] + 64);
        dst.put(p, new BytePointer(planes[p]));
        dstStride.put(p, strides[p]);
      }
      srcStride.put(0, in.width() * 3);
      target = VideoFrame.wrap(PixelFormat.I420, width, height, planes, strides, 0, null);
    }

    void convert(int frames) {
      for (int i = 0; i < frames; i++) {
        convertOne(TexturedFrames.index(next++));
      }
    }

    /** Converts stored picture {@code f}. */
    void convertOne(int f) {
      if (converter != null) {
        converter.toI420(in.bgrFrame(f), target);
        return;
      }
      src.put(0, new BytePointer(in.bgr(f)));
      sws_scale(sws, src, srcStride, 0, in.height(), dst, dstStride);
    }

    @Override
    public void close() {
      if (sws != null) {
        sws_freeContext(sws);
      }
      src.close();
      srcStride.close();
      dst.close();
      dstStride.close();
    }
  }
}
