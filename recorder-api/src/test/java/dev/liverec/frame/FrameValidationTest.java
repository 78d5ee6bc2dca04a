package dev.liverec.frame;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Every size is checked in Java before any native code could read past a buffer. */
class FrameValidationTest {
  private static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes);
  }

  @Test
  void rejectsZeroAndHugeSizes() {
    assertThatThrownBy(() -> new FramePool().acquireVideo(PixelFormat.I420, 0, 10, 0))
        .isInstanceOf(InvalidFrameException.class).hasMessageContaining("0x10");
    assertThatThrownBy(() -> new FramePool().acquireVideo(PixelFormat.I420, 16_384, 16, 0))
        .isInstanceOf(InvalidFrameException.class);
  }

  @Test
  void acceptsOddSizesWithRoundedUpChroma() {
    VideoFrame frame = new FramePool().acquireVideo(PixelFormat.I420, 15, 9, 0);
    assertThat(frame.stride(1)).isEqualTo(8);
    assertThat(frame.plane(1).capacity()).isEqualTo(8 * 5 + FramePool.PLANE_PADDING);
  }

  @Test
  void rejectsAStrideSmallerThanTheRowAndABufferShorterThanThePlane() {
    ByteBuffer[] planes = {direct(16 * 16), direct(8 * 8), direct(8 * 8)};
    assertThatThrownBy(() -> VideoFrame.wrap(PixelFormat.I420, 16, 16, planes,
        new int[] {15, 8, 8}, 0, null)).isInstanceOf(InvalidFrameException.class)
        .hasMessageContaining("stride 15");
    ByteBuffer[] shortPlanes = {direct(16 * 15), direct(8 * 8), direct(8 * 8)};
    assertThatThrownBy(() -> VideoFrame.wrap(PixelFormat.I420, 16, 16, shortPlanes,
        new int[] {16, 8, 8}, 0, null)).isInstanceOf(InvalidFrameException.class)
        .hasMessageContaining("holds 240 bytes");
  }

  @Test
  void rejectsHeapBuffersAndMissingPlanes() {
    ByteBuffer[] heap = {ByteBuffer.allocate(256), direct(64), direct(64)};
    assertThatThrownBy(() -> VideoFrame.wrap(PixelFormat.I420, 16, 16, heap,
        new int[] {16, 8, 8}, 0, null)).hasMessageContaining("direct ByteBuffer");
    assertThatThrownBy(() -> VideoFrame.wrap(PixelFormat.I420, 16, 16, new ByteBuffer[1],
        new int[] {16}, 0, null)).isInstanceOf(InvalidFrameException.class);
  }

  @Test
  void rejectsUnrecordableAudio() {
    FramePool pool = new FramePool();
    assertThatThrownBy(() -> pool.acquireAudio(48_000, 0, 480, 0)).hasMessageContaining("channel");
    assertThatThrownBy(() -> pool.acquireAudio(48_000, 9, 480, 0)).hasMessageContaining("channel");
    assertThatThrownBy(() -> pool.acquireAudio(7_000, 2, 70, 0)).hasMessageContaining("7000 Hz");
    assertThatThrownBy(() -> pool.acquireAudio(384_000, 2, 480, 0)).hasMessageContaining("384000");
    assertThatThrownBy(() -> pool.acquireAudio(48_000, 2, 0, 0)).hasMessageContaining("samples");
    assertThatThrownBy(() -> AudioFrame.wrap(direct(10), 48_000, 2, 480, 0, null))
        .hasMessageContaining("holds 10 bytes");
  }

  @Test
  void closingReturnsThePooledFrameOnce() {
    FramePool pool = new FramePool();
    VideoFrame frame = pool.acquireVideo(PixelFormat.I420, 16, 16, 0);
    frame.close();
    frame.close();
    assertThat(pool.idleCount()).isEqualTo(1);
    assertThat(pool.acquireVideo(PixelFormat.I420, 16, 16, 5)).isSameAs(frame);
  }
}
