package dev.liverec.libyuv;

import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import java.nio.ByteBuffer;

/**
 * Packed test pictures painted from one RGB function, so the same picture exists in every byte
 * order: a colour gradient with a little noise, and four solid blocks (red, green, blue, white)
 * of 64x64 in its top-left quarter whose YUV values are known.
 */
final class PackedPictures {
  /** Top-left corners of the solid blocks, and their colours as R, G, B. */
  static final int[][] BLOCKS = {
      {32, 32, 255, 0, 0}, {128, 32, 0, 255, 0}, {32, 128, 0, 0, 255}, {128, 128, 255, 255, 255}};
  static final int BLOCK = 64;

  private PackedPictures() {}

  /** A {@code format} picture of {@code width} x {@code height} from {@code pool}, painted. */
  static VideoFrame paint(FramePool pool, PixelFormat format, int width, int height, long timeUs,
      int shift) {
    VideoFrame frame = pool.acquireVideo(format, width, height, timeUs);
    ByteBuffer plane = frame.plane(0);
    int bytes = format == PixelFormat.BGR24 || format == PixelFormat.RGB24 ? 3 : 4;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] rgb = rgb(x + shift, y, x, y);
        int at = plane.position() + y * frame.stride(0) + x * bytes;
        switch (format) {
          case BGR24, BGRA -> put(plane, at, rgb[2], rgb[1], rgb[0]);
          case RGB24, RGBA -> put(plane, at, rgb[0], rgb[1], rgb[2]);
          default -> throw new IllegalArgumentException(format.toString());
        }
        if (bytes == 4) {
          plane.put(at + 3, (byte) 255);
        }
      }
    }
    return frame;
  }

  private static void put(ByteBuffer plane, int at, int a, int b, int c) {
    plane.put(at, (byte) a);
    plane.put(at + 1, (byte) b);
    plane.put(at + 2, (byte) c);
  }

  /** The colour at ({@code u}, {@code v}) of the moving gradient, or of a block at ({@code x}, {@code y}). */
  private static int[] rgb(int u, int v, int x, int y) {
    for (int[] b : BLOCKS) {
      if (x >= b[0] && x < b[0] + BLOCK && y >= b[1] && y < b[1] + BLOCK) {
        return new int[] {b[2], b[3], b[4]};
      }
    }
    int noise = ((u * 7919 + v * 104_729) >>> 3) % 9 - 4;
    return new int[] {
        clamp(u % 256 + noise), clamp(v % 256 - noise), clamp((u + v) / 3 % 256 + noise)};
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }
}
