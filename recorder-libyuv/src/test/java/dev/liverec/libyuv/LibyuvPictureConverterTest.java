package dev.liverec.libyuv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.MediaException;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.ffmpeg.FfmpegEncoderProvider;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.VideoScaler;
import java.nio.ByteBuffer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * libyuv's conversion must give the picture swscale gives (the scale stage's own route), in
 * every byte order it takes, or a recording's colours would depend on which jar is present.
 */
class LibyuvPictureConverterTest {
  private static final int W = 640;
  private static final int H = 360;

  private final FramePool pool = new FramePool();
  private final LibyuvPictureConverter libyuv = new LibyuvPictureConverter();

  @BeforeAll
  static void nativesLoad() {
    assumeTrue(LibyuvPictureConverter.available(), "webrtc-java's natives do not load here");
  }

  @ParameterizedTest
  @EnumSource(value = PixelFormat.class, names = {"BGR24", "BGRA", "RGBA"})
  void eachByteOrderComesOutAsSwscaleConvertsIt(PixelFormat format) {
    try (VideoFrame packed = PackedPictures.paint(pool, format, W, H, 0, 0);
        VideoFrame ours = pool.acquireVideo(PixelFormat.I420, W, H, 0);
        VideoScaler swscale = new FfmpegEncoderProvider().openScaler(W, H, pool);
        VideoFrame reference = swscale.scale(packed)) {
      assertThat(libyuv.accepts(packed)).isTrue();

      libyuv.toI420(packed, ours);

      for (int plane = 0; plane < 3; plane++) {
        assertThat(psnr(ours, reference, plane)).as("PSNR of plane %d (dB)", plane)
            .isGreaterThan(40);
      }
      // BT.601 limited range: red Y 81 U 90 V 240, green 145/54/34, blue 41/240/110, white 235/128/128.
      int[][] expected = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {235, 128, 128}};
      for (int b = 0; b < PackedPictures.BLOCKS.length; b++) {
        int x = PackedPictures.BLOCKS[b][0] + PackedPictures.BLOCK / 2;
        int y = PackedPictures.BLOCKS[b][1] + PackedPictures.BLOCK / 2;
        int[] yuv = yuvAt(ours, x, y);
        for (int c = 0; c < 3; c++) {
          assertThat(yuv[c]).as("block %d, component %d", b, c)
              .isCloseTo(expected[b][c], Offset.offset(3));
        }
      }
    }
  }

  @Test
  void picturesItCannotTakeAreLeftToTheScaleStage() {
    try (VideoFrame rgb = pool.acquireVideo(PixelFormat.RGB24, W, H, 0);
        VideoFrame i420 = pool.acquireVideo(PixelFormat.I420, W, H, 0)) {
      assertThat(libyuv.accepts(rgb)).as("RGB24: no libyuv layout named by webrtc-java").isFalse();
      assertThat(libyuv.accepts(i420)).isFalse();
      assertThatThrownBy(() -> libyuv.toI420(rgb, i420)).isInstanceOf(MediaException.class)
          .hasMessageContaining("accepts()");
    }
    ByteBuffer padded = ByteBuffer.allocateDirect((W * 3 + 64) * H);
    try (VideoFrame rows = VideoFrame.wrap(PixelFormat.BGR24, W, H,
        new ByteBuffer[] {padded}, new int[] {W * 3 + 64}, 0, null)) {
      assertThat(libyuv.accepts(rows)).as("rows with padding").isFalse();
    }
  }

  @Test
  void aTargetOfAnotherSizeIsATypedError() {
    try (VideoFrame packed = PackedPictures.paint(pool, PixelFormat.BGR24, W, H, 0, 0);
        VideoFrame small = pool.acquireVideo(PixelFormat.I420, W / 2, H / 2, 0)) {
      assertThatThrownBy(() -> libyuv.toI420(packed, small)).isInstanceOf(MediaException.class)
          .hasMessageContaining("must be I420 of 640x360");
    }
  }

  private static int[] yuvAt(VideoFrame f, int x, int y) {
    return new int[] {
        f.plane(0).get(y * f.stride(0) + x) & 0xff,
        f.plane(1).get(y / 2 * f.stride(1) + x / 2) & 0xff,
        f.plane(2).get(y / 2 * f.stride(2) + x / 2) & 0xff};
  }

  private static double psnr(VideoFrame a, VideoFrame b, int plane) {
    int w = plane == 0 ? W : W / 2;
    int h = plane == 0 ? H : H / 2;
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int d = (a.plane(plane).get(y * a.stride(plane) + x) & 0xff)
            - (b.plane(plane).get(y * b.stride(plane) + x) & 0xff);
        sum += d * d;
      }
    }
    double mse = sum / (w * h);
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
