package dev.liverec.testkit;

import dev.liverec.frame.VideoFrame;
import java.nio.ByteBuffer;

/**
 * Paints synthetic I420 pictures: a moving diagonal gradient with drifting texture (so encoders
 * cannot coast on flat content), the frame number burned in as a row of 24 black/white blocks,
 * and a full white frame as the video half of a sync marker.
 */
public final class TestPattern {
  /** Luma of a sync-marker flash frame. */
  public static final int FLASH_LUMA = 235;
  private static final int NUMBER_BITS = 24;

  private TestPattern() {}

  /** Paints frame {@code number} into an I420 frame; {@code flash} paints a sync marker. */
  public static void paint(VideoFrame frame, long number, boolean flash) {
    int width = frame.width();
    int height = frame.height();
    ByteBuffer y = frame.plane(0);
    int strideY = frame.stride(0);
    if (flash) {
      fill(y, strideY, width, height, (byte) FLASH_LUMA);
    } else {
      int shift = (int) (number * 3);
      byte[] row = new byte[width];
      for (int r = 0; r < height; r++) {
        int base = r + shift;
        int noise = (int) (mix(r * 0x9E3779B97F4A7C15L + number) & 0xFF);
        for (int c = 0; c < width; c++) {
          row[c] = (byte) (16 + ((base + c) & 0x7F) + ((noise ^ c * 37) & 0x3F));
        }
        y.put(r * strideY, row, 0, width);
      }
      burnNumber(y, strideY, width, height, number);
    }
    int chromaW = (width + 1) / 2;
    int chromaH = (height + 1) / 2;
    byte u = flash ? (byte) 128 : (byte) (96 + (number & 63));
    byte v = flash ? (byte) 128 : (byte) (160 - (number & 63));
    fill(frame.plane(1), frame.stride(1), chromaW, chromaH, u);
    fill(frame.plane(2), frame.stride(2), chromaW, chromaH, v);
  }

  private static void burnNumber(ByteBuffer y, int stride, int width, int height, long number) {
    int block = Math.max(2, Math.min(width / (NUMBER_BITS + 2), height / 8));
    for (int bit = 0; bit < NUMBER_BITS; bit++) {
      byte value = ((number >>> (NUMBER_BITS - 1 - bit)) & 1) != 0 ? (byte) 220 : (byte) 24;
      int x0 = block + bit * block;
      if (x0 + block > width) {
        break;
      }
      for (int r = block; r < Math.min(height, 2 * block); r++) {
        for (int c = x0; c < x0 + block; c++) {
          y.put(r * stride + c, value);
        }
      }
    }
  }

  private static void fill(ByteBuffer plane, int stride, int width, int height, byte value) {
    byte[] row = new byte[width];
    java.util.Arrays.fill(row, value);
    for (int r = 0; r < height; r++) {
      plane.put(r * stride, row, 0, width);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
