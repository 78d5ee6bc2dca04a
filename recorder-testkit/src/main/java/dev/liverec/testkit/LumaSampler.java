package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_BE;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVComponentDescriptor;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;

/**
 * Reads the first component (luma for YUV and gray formats) of a decoded picture on a sparse grid,
 * which is enough to tell a white flash from a dark frame and a frozen picture from a moving one,
 * at a small fraction of the cost of touching every pixel.
 */
final class LumaSampler {
  /** Every {@code GRID_STEP}-th pixel in each direction is read. */
  static final int GRID_STEP = 8;

  /**
   * The sampled luma of one picture.
   *
   * @param width picture width in pixels
   * @param height picture height in pixels
   * @param values sampled values scaled to 8 bits, row by row
   * @param mean mean of {@code values} (0-255)
   */
  record Sample(int width, int height, byte[] values, double mean) {

    /**
     * Mean absolute difference of the sampled values (0-255), or infinity if the pictures differ in
     * size.
     */
    double meanAbsoluteDifference(Sample other) {
      if (width != other.width || height != other.height || values.length != other.values.length) {
        return Double.POSITIVE_INFINITY;
      }
      if (values.length == 0) {
        return 0;
      }
      long sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += Math.abs((values[i] & 0xff) - (other.values[i] & 0xff));
      }
      return (double) sum / values.length;
    }
  }

  private LumaSampler() {}

  /**
   * Samples a decoded video frame.
   *
   * @throws IllegalStateException if the frame's pixel format is unknown to FFmpeg
   */
  static Sample sample(AVFrame frame) {
    AVPixFmtDescriptor descriptor = av_pix_fmt_desc_get(frame.format());
    if (descriptor == null || descriptor.isNull()) {
      throw new IllegalStateException("unknown pixel format " + frame.format());
    }
    // Read every native field once: each accessor is a JNI call.
    AVComponentDescriptor luma = descriptor.comp(0);
    int plane = luma.plane();
    int step = luma.step();
    int offset = luma.offset();
    int shift = luma.shift();
    int depth = luma.depth();
    int mask = (1 << depth) - 1;
    boolean wide = depth > 8;
    boolean bigEndian = (descriptor.flags() & AV_PIX_FMT_FLAG_BE) != 0;
    int width = frame.width();
    int height = frame.height();
    int lineSize = frame.linesize(plane);
    ByteBuffer data = frame.data(plane).capacity((long) lineSize * height).asByteBuffer();

    int columns = (width + GRID_STEP - 1) / GRID_STEP;
    int rows = (height + GRID_STEP - 1) / GRID_STEP;
    byte[] values = new byte[columns * rows];
    long sum = 0;
    int next = 0;
    for (int y = 0; y < height; y += GRID_STEP) {
      int row = y * lineSize + offset;
      for (int x = 0; x < width; x += GRID_STEP) {
        int index = row + x * step;
        int raw = wide ? read16(data, index, bigEndian) : data.get(index) & 0xff;
        int value = ((raw >> shift) & mask) >> (depth - 8);
        sum += value;
        values[next++] = (byte) value;
      }
    }
    return new Sample(width, height, values, values.length == 0 ? 0 : (double) sum / values.length);
  }

  private static int read16(ByteBuffer data, int index, boolean bigEndian) {
    int first = data.get(index) & 0xff;
    int second = data.get(index + 1) & 0xff;
    return bigEndian ? first << 8 | second : second << 8 | first;
  }
}
