package dev.liverec.benchmarks;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Pre-generated pictures with real texture and motion, generated once before any measurement so
 * that no benchmark pays for painting.
 *
 * <p>Each picture is a two-octave value-noise texture with a diagonal gradient that pans 3 px
 * right and 2 px down per frame, a second, finer texture band that moves 6 px left per frame
 * across the middle third (an "object" moving against the background), and fresh per-pixel
 * sensor noise (+-4) in every frame. Flat or static content flatters every encoder; this does not.
 *
 * <p>{@link #RING} frames are stored and played forwards then backwards ({@link #index}), so the
 * sequence never jumps: at each end the pan simply reverses, as a camera would. Twenty frames keep
 * the buffers few enough for the recorder's per-buffer pointer cache (64 buffers: 20 x 3 I420
 * planes) and the memory modest (1080p: 62 MB I420, 124 MB BGR24).
 *
 * <p>Both layouts hold the same picture: BGR24 is painted, I420 is converted from it with BT.601
 * limited-range coefficients (what swscale uses by default), so I420 and BGR24 runs encode the same
 * content. The I420 frame is one contiguous buffer (Y, then U, then V), as JavaCV wants it; {@link
 * #plane} gives each plane as its own view.
 */
public final class TexturedFrames {
  /** Stored pictures; the sequence plays 0..RING-1..1 and repeats. */
  public static final int RING = 20;
  private static final int PAN_X = 3;
  private static final int PAN_Y = 2;
  private static final int BAND_SPEED = 6;

  private final int width;
  private final int height;
  private final ByteBuffer[] i420;
  private final ByteBuffer[] bgr;
  private final ByteBuffer[][] i420Planes;

  private TexturedFrames(int width, int height, ByteBuffer[] i420, ByteBuffer[] bgr) {
    this.width = width;
    this.height = height;
    this.i420 = i420;
    this.bgr = bgr;
    this.i420Planes = new ByteBuffer[i420.length][];
    for (int f = 0; f < i420.length; f++) {
      if (i420[f] == null) {
        continue;
      }
      int ySize = width * height;
      int cSize = chromaWidth() * chromaHeight();
      i420Planes[f] = new ByteBuffer[] {
        slice(i420[f], 0, ySize), slice(i420[f], ySize, cSize), slice(i420[f], ySize + cSize, cSize)
      };
    }
  }

  /**
   * Generates {@link #RING} pictures of {@code width x height}; keeps the I420 and/or BGR24 form.
   * Deterministic: the same size always gives the same pictures.
   */
  public static TexturedFrames generate(int width, int height, boolean keepI420, boolean keepBgr) {
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("even sizes only, got " + width + "x" + height);
    }
    int texW = width + PAN_X * RING + 2;
    int texH = height + PAN_Y * RING + 2;
    SplittableRandom random = new SplittableRandom(0x5EEDL * width + height);
    byte[][] background = new byte[3][];
    for (int c = 0; c < 3; c++) {
      background[c] = valueNoise(texW, texH, 48, 12, random, c * 40);
    }
    int bandW = width + BAND_SPEED * RING + 2;
    int bandH = height / 3;
    byte[][] band = new byte[3][];
    for (int c = 0; c < 3; c++) {
      band[c] = valueNoise(bandW, bandH, 9, 3, random, 80 - c * 30);
    }
    ByteBuffer[] i420 = new ByteBuffer[RING];
    ByteBuffer[] bgr = new ByteBuffer[RING];
    byte[] picture = new byte[width * height * 3];
    byte[] yuv = new byte[width * height * 3 / 2];
    for (int f = 0; f < RING; f++) {
      paint(picture, width, height, f, background, texW, band, bandW, bandH, random);
      if (keepBgr) {
        bgr[f] = direct(picture.length).put(picture).flip();
      }
      if (keepI420) {
        toI420(picture, width, height, yuv);
        i420[f] = direct(yuv.length).put(yuv).flip();
      }
    }
    return new TexturedFrames(width, height, i420, bgr);
  }

  private static void paint(byte[] out, int width, int height, int f, byte[][] bg, int texW,
      byte[][] band, int bandW, int bandH, SplittableRandom random) {
    int ox = f * PAN_X;
    int oy = f * PAN_Y;
    int bandTop = height / 3;
    int bandX = (RING - 1 - f) * BAND_SPEED;
    for (int y = 0; y < height; y++) {
      boolean inBand = y >= bandTop && y < bandTop + bandH;
      int bgRow = (y + oy) * texW + ox;
      int bandRow = (y - bandTop) * bandW + bandX;
      int row = y * width * 3;
      for (int x = 0; x < width; x++) {
        int gradient = ((x + ox) + (y + oy)) * 96 / (width + height);
        int noise = random.nextInt(9) - 4;
        for (int c = 0; c < 3; c++) {
          int v = inBand ? (band[c][bandRow + x] & 0xFF) : (bg[c][bgRow + x] & 0xFF) + gradient - 48;
          v += noise;
          out[row + x * 3 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
  }

  /** Two octaves of bilinear value noise, cells of {@code coarse} and {@code fine} pixels. */
  private static byte[] valueNoise(int w, int h, int coarse, int fine, SplittableRandom random,
      int offset) {
    float[] a = octave(w, h, coarse, random);
    float[] b = octave(w, h, fine, random);
    byte[] out = new byte[w * h];
    for (int i = 0; i < out.length; i++) {
      int v = Math.round(offset + 40 + a[i] * 120 + b[i] * 60);
      out[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return out;
  }

  private static float[] octave(int w, int h, int cell, SplittableRandom random) {
    int gw = w / cell + 2;
    int gh = h / cell + 2;
    float[] grid = new float[gw * gh];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) random.nextDouble();
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int gy = y / cell;
      float fy = (y % cell) / (float) cell;
      for (int x = 0; x < w; x++) {
        int gx = x / cell;
        float fx = (x % cell) / (float) cell;
        float top = grid[gy * gw + gx] * (1 - fx) + grid[gy * gw + gx + 1] * fx;
        float bottom = grid[(gy + 1) * gw + gx] * (1 - fx) + grid[(gy + 1) * gw + gx + 1] * fx;
        out[y * w + x] = top * (1 - fy) + bottom * fy;
      }
    }
    return out;
  }

  /** BT.601 limited range, chroma averaged over each 2x2 block. */
  static void toI420(byte[] bgr, int width, int height, byte[] out) {
    int cw = width / 2;
    int uBase = width * height;
    int vBase = uBase + cw * (height / 2);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        int b = bgr[i] & 0xFF;
        int g = bgr[i + 1] & 0xFF;
        int r = bgr[i + 2] & 0xFF;
        out[y * width + x] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
      }
    }
    for (int y = 0; y < height / 2; y++) {
      for (int x = 0; x < cw; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            int i = ((2 * y + dy) * width + 2 * x + dx) * 3;
            b += bgr[i] & 0xFF;
            g += bgr[i + 1] & 0xFF;
            r += bgr[i + 2] & 0xFF;
          }
        }
        r /= 4;
        g /= 4;
        b /= 4;
        out[uBase + y * cw + x] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
        out[vBase + y * cw + x] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
      }
    }
  }

  private static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  private static ByteBuffer slice(ByteBuffer whole, int offset, int length) {
    return whole.duplicate().position(offset).limit(offset + length).slice();
  }

  /** Which stored picture the {@code n}-th frame of the endless sequence shows. */
  public static int index(long n) {
    int period = 2 * RING - 2;
    int m = (int) (n % period);
    return m < RING ? m : period - m;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int chromaWidth() {
    return width / 2;
  }

  public int chromaHeight() {
    return height / 2;
  }

  /** Stored picture {@code f} in I420, one contiguous buffer (Y, U, V). */
  public ByteBuffer i420(int f) {
    return require(i420[f], "I420");
  }

  /** Plane {@code p} of stored picture {@code f} in I420, a view with its own position 0. */
  public ByteBuffer plane(int f, int p) {
    require(i420[f], "I420");
    return i420Planes[f][p];
  }

  /** The three I420 planes of stored picture {@code f}. */
  public ByteBuffer[] planes(int f) {
    require(i420[f], "I420");
    return i420Planes[f];
  }

  /** Stored picture {@code f} in packed BGR24. */
  public ByteBuffer bgr(int f) {
    return require(bgr[f], "BGR24");
  }

  /** Stored picture {@code f}'s BGR24 form as a wrapped frame (unpadded rows; nothing to free). */
  public VideoFrame bgrFrame(int f) {
    return VideoFrame.wrap(PixelFormat.BGR24, width, height, new ByteBuffer[] {bgr(f)},
        new int[] {width * 3}, 0, null);
  }

  /** Plane buffers of stored picture {@code f} as a {@code VideoFrame} of {@code format} takes them. */
  public ByteBuffer[] buffers(int f, PixelFormat format) {
    return switch (format) {
      case I420 -> planes(f);
      case BGR24 -> new ByteBuffer[] {bgr(f)};
      default -> throw new IllegalArgumentException("only I420 and BGR24 are generated");
    };
  }

  /** Strides matching {@link #buffers}. */
  public int[] strides(PixelFormat format) {
    return switch (format) {
      case I420 -> new int[] {width, chromaWidth(), chromaWidth()};
      case BGR24 -> new int[] {width * 3};
      default -> throw new IllegalArgumentException("only I420 and BGR24 are generated");
    };
  }

  private static ByteBuffer require(ByteBuffer buffer, String what) {
    if (buffer == null) {
      throw new IllegalStateException(what + " frames were not kept; generate them");
    }
    return buffer;
  }

  /** Parses "1280x720". */
  public static int[] parseSize(String size) {
    String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
    return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
  }
}
