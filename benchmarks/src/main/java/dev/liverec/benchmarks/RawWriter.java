package dev.liverec.benchmarks;

import dev.liverec.frame.PixelFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes the {@link TexturedFrames} sequence as a raw file ({@code yuv420p} or {@code bgr24}),
 * the input of the {@code ffmpeg} command-line comparison and of {@code RecordJob source=raw:}.
 * {@code format=I420|BGR24 size=1920x1080 frames=600 out=/dev/shm/frames.yuv}.
 */
public final class RawWriter {
  private RawWriter() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = RecordJob.args(args);
    PixelFormat format = PixelFormat.valueOf(a.getOrDefault("format", "I420"));
    int[] wh = TexturedFrames.parseSize(a.getOrDefault("size", "1920x1080"));
    int frames = Integer.parseInt(a.getOrDefault("frames", "600"));
    Path out = Path.of(a.get("out"));
    TexturedFrames ring = TexturedFrames.generate(wh[0], wh[1], format == PixelFormat.I420,
        format == PixelFormat.BGR24);
    try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int n = 0; n < frames; n++) {
        int f = TexturedFrames.index(n);
        ByteBuffer picture = (format == PixelFormat.I420 ? ring.i420(f) : ring.bgr(f)).duplicate();
        while (picture.hasRemaining()) {
          ch.write(picture);
        }
      }
    }
  }
}
