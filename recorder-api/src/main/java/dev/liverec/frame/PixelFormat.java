package dev.liverec.frame;

/** Pixel layouts a {@link VideoFrame} may carry. I420 is what WebRTC decoders produce. */
public enum PixelFormat {
  /** Planar YUV 4:2:0: a full-size Y plane, then U and V planes of ceil(w/2) x ceil(h/2). */
  I420(3, 1),
  /** Packed 8-bit R, G, B. */
  RGB24(1, 3),
  /** Packed 8-bit B, G, R (what most Java imaging code holds). */
  BGR24(1, 3),
  /** Packed 8-bit R, G, B, A. */
  RGBA(1, 4),
  /** Packed 8-bit B, G, R, A. */
  BGRA(1, 4);

  private final int planeCount;
  private final int bytesPerPixel;

  PixelFormat(int planeCount, int bytesPerPixel) {
    this.planeCount = planeCount;
    this.bytesPerPixel = bytesPerPixel;
  }

  public int planeCount() {
    return planeCount;
  }

  /** Width in bytes of one row of plane {@code plane} for a picture {@code width} pixels wide. */
  public int minStride(int plane, int width) {
    if (this == I420) {
      return plane == 0 ? width : (width + 1) / 2;
    }
    return width * bytesPerPixel;
  }

  /** Number of rows of plane {@code plane} for a picture {@code height} pixels high. */
  public int rows(int plane, int height) {
    if (this == I420 && plane > 0) {
      return (height + 1) / 2;
    }
    return height;
  }

  /** True for the packed RGB family, which the pipeline converts to YUV before encoding. */
  public boolean isPacked() {
    return planeCount == 1;
  }
}
