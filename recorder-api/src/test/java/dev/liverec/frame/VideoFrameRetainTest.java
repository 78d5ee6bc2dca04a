package dev.liverec.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link VideoFrame#retain}: keeping a frame beyond its delivery keeps one owner per buffer. A
 * pooled frame nobody waits for is kept as it is; anything else is copied into the pool and
 * handed back to its owner at once. Every buffer is freed exactly once.
 */
class VideoFrameRetainTest {
  private final FramePool pool = new FramePool();

  private static void paint(VideoFrame frame, int seed) {
    for (int p = 0; p < frame.planeCount(); p++) {
      ByteBuffer plane = frame.plane(p);
      int rows = frame.format().rows(p, frame.height());
      int row = frame.format().minStride(p, frame.width());
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < row; x++) {
          plane.put(plane.position() + y * frame.stride(p) + x, (byte) (seed + p * 31 + y * 7 + x));
        }
      }
    }
  }

  private static void assertSamePixels(VideoFrame actual, VideoFrame expected) {
    assertThat(actual.format()).isEqualTo(expected.format());
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.height()).isEqualTo(expected.height());
    for (int p = 0; p < expected.planeCount(); p++) {
      int rows = expected.format().rows(p, expected.height());
      int row = expected.format().minStride(p, expected.width());
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < row; x++) {
          byte want = expected.plane(p).get(expected.plane(p).position() + y * expected.stride(p)
              + x);
          byte got = actual.plane(p).get(actual.plane(p).position() + y * actual.stride(p) + x);
          assertThat(got).as("plane %d at %d,%d", p, x, y).isEqualTo(want);
        }
      }
    }
  }

  /**
   * Given a pooled frame with no close callback (what the LiveKit source and the real-time
   * synthetic sources send), when it is retained, then it is kept as it is, with no copy, and
   * goes back to the pool once when the keeper closes it.
   */
  @Test
  void keepsAPooledFrameNobodyWaitsForWithoutACopy() {
    VideoFrame frame = pool.acquireVideo(PixelFormat.I420, 64, 48, 1_000);
    int idle = pool.idleCount();

    VideoFrame kept = frame.retain(pool);

    assertThat(kept).isSameAs(frame);
    assertThat(kept.isOpen()).isTrue();
    kept.close();
    kept.close();
    assertThat(pool.idleCount()).as("back in the pool once").isEqualTo(idle + 1);
  }

  /**
   * Given a frame wrapping the caller's own buffers with padded rows, when it is retained, then
   * the caller is told at once that its buffers are free (exactly once), and the frame kept is a
   * pooled copy with the same picture, capture and arrival times, freed once into the pool.
   */
  @Test
  void copiesAWrappedFrameAndGivesTheBuffersBackAtOnce() {
    int width = 33;
    int height = 17;
    int[] strides = {48, 32, 32};
    ByteBuffer[] planes = {
        ByteBuffer.allocateDirect(48 * height),
        ByteBuffer.allocateDirect(32 * 9),
        ByteBuffer.allocateDirect(32 * 9)};
    AtomicInteger released = new AtomicInteger();
    VideoFrame wrapped = VideoFrame.wrap(PixelFormat.I420, width, height, planes, strides, 4_242,
        released::incrementAndGet);
    wrapped.markArrival(777);
    paint(wrapped, 5);
    VideoFrame reference = pool.acquireVideo(PixelFormat.I420, width, height, 0);
    paint(reference, 5);
    int idle = pool.idleCount();

    VideoFrame kept = wrapped.retain(pool);

    assertThat(kept).isNotSameAs(wrapped);
    assertThat(wrapped.isOpen()).isFalse();
    assertThat(released).as("the caller's buffers are free").hasValue(1);
    assertThat(kept.captureTimeUs()).isEqualTo(4_242);
    assertThat(kept.arrivalNanos()).isEqualTo(777);
    assertSamePixels(kept, reference);
    kept.close();
    kept.close();
    wrapped.close();
    assertThat(released).as("told once").hasValue(1);
    assertThat(pool.idleCount()).as("the copy back in the pool once").isEqualTo(idle + 1);
    reference.close();
  }

  /**
   * Given a pooled frame whose source paces itself on its close callback (the virtual-clock
   * scenario source), when it is retained, then it is copied and the callback runs at once, so
   * the source is never held back by the frame being kept.
   */
  @Test
  void copiesAPacedPooledFrameSoItsSourceIsNotHeldBack() {
    AtomicInteger inFlight = new AtomicInteger(1);
    VideoFrame paced = pool.acquireVideo(PixelFormat.RGBA, 8, 4, 9, inFlight::decrementAndGet);
    paint(paced, 11);

    VideoFrame kept = paced.retain(pool);

    assertThat(kept).isNotSameAs(paced);
    assertThat(inFlight).hasValue(0);
    VideoFrame reference = pool.acquireVideo(PixelFormat.RGBA, 8, 4, 0);
    paint(reference, 11);
    assertSamePixels(kept, reference);
    reference.close();
    kept.close();
    assertThat(inFlight).as("the callback ran once").hasValue(0);
  }
}
