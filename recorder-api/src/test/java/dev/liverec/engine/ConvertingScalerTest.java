package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.MediaException;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.PictureConverter;
import dev.liverec.spi.VideoScaler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scale stage asks a picture converter first and the provider's scaler for everything else:
 * which pictures go where, and what happens when the converter fails. (The real converter's
 * colours are checked against swscale's in recorder-libyuv.)
 */
class ConvertingScalerTest {
  private final FramePool pool = new FramePool();
  private final List<String> routes = new ArrayList<>();
  private boolean failing;

  /** Marks its output's first luma byte 1 and records that it ran. */
  private final PictureConverter converter = new PictureConverter() {
    @Override public String name() {
      return "test";
    }

    @Override public boolean accepts(VideoFrame packed) {
      return packed.format() != PixelFormat.RGB24;
    }

    @Override public void toI420(VideoFrame packed, VideoFrame i420) {
      if (failing) {
        throw new MediaException("converter broke");
      }
      routes.add("converter " + packed.format());
      i420.plane(0).put(0, (byte) 1);
    }
  };

  /** Marks its output's first luma byte 2 (or passes I420 of the output size through). */
  private final VideoScaler scaler = new VideoScaler() {
    @Override public VideoFrame scale(VideoFrame frame) {
      if (frame.format() == PixelFormat.I420 && frame.width() == 64) {
        routes.add("pass-through");
        return frame;
      }
      routes.add("scaler " + frame.format() + " " + frame.width() + "x" + frame.height());
      VideoFrame out = pool.acquireVideo(PixelFormat.I420, 64, 48, frame.captureTimeUs());
      out.plane(0).put(0, (byte) 2);
      return out;
    }

    @Override public void close() {
      routes.add("scaler closed");
    }
  };

  @Test
  void packedPicturesOfTheOutputSizeGoToTheConverterAndTheRestToTheScaler() {
    try (ConvertingScaler stage = new ConvertingScaler(converter, scaler, 64, 48, pool)) {
      try (VideoFrame bgr = pool.acquireVideo(PixelFormat.BGR24, 64, 48, 1_000);
          VideoFrame out = stage.scale(bgr)) {
        assertThat(out).isNotSameAs(bgr);
        assertThat(out.format()).isEqualTo(PixelFormat.I420);
        assertThat(out.width()).isEqualTo(64);
        assertThat(out.captureTimeUs()).isEqualTo(1_000);
        assertThat(out.plane(0).get(0)).isEqualTo((byte) 1);
      }
      try (VideoFrame small = pool.acquireVideo(PixelFormat.BGRA, 32, 24, 2_000);
          VideoFrame declined = pool.acquireVideo(PixelFormat.RGB24, 64, 48, 3_000);
          VideoFrame i420 = pool.acquireVideo(PixelFormat.I420, 64, 48, 4_000)) {
        stage.scale(small).close();
        stage.scale(declined).close();
        assertThat(stage.scale(i420)).isSameAs(i420);
      }
    }
    assertThat(routes).containsExactly("converter BGR24", "scaler BGRA 32x24",
        "scaler RGB24 64x48", "pass-through", "scaler closed");
  }

  @Test
  void aConverterThatFailsIsSetAsideAndTheScalerConvertsThatPictureAndTheRest() {
    try (ConvertingScaler stage = new ConvertingScaler(converter, scaler, 64, 48, pool)) {
      failing = true;
      try (VideoFrame bgr = pool.acquireVideo(PixelFormat.BGR24, 64, 48, 1_000);
          VideoFrame out = stage.scale(bgr)) {
        assertThat(out.plane(0).get(0)).isEqualTo((byte) 2);
      }
      failing = false;
      try (VideoFrame bgr = pool.acquireVideo(PixelFormat.BGR24, 64, 48, 2_000)) {
        stage.scale(bgr).close();
      }
    }
    assertThat(routes).containsExactly("scaler BGR24 64x48", "scaler BGR24 64x48",
        "scaler closed");
  }
}
