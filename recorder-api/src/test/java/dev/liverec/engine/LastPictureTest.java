package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import org.junit.jupiter.api.Test;

/** The last picture: one frame kept at a time, each freed exactly once. */
class LastPictureTest {
  private final FramePool pool = new FramePool();

  /**
   * Given a kept frame, when the next frame is kept, then the first goes back to its pool and
   * the second is held open; when the keeper is closed (twice, as error paths may), then the
   * second goes back once too.
   */
  @Test
  void keepsOneFrameAndFreesEachOnce() {
    VideoFrame first = pool.acquireVideo(PixelFormat.I420, 16, 16, 0);
    VideoFrame second = pool.acquireVideo(PixelFormat.I420, 16, 16, 33_333);
    LastPicture last = new LastPicture(pool);

    last.keep(first);
    assertThat(last.get()).isSameAs(first);
    last.keep(second);

    assertThat(first.isOpen()).isFalse();
    assertThat(last.get()).isSameAs(second);
    assertThat(second.isOpen()).isTrue();
    assertThat(pool.idleCount()).isEqualTo(1);
    last.close();
    last.close();
    assertThat(second.isOpen()).isFalse();
    assertThat(last.get()).isNull();
    assertThat(pool.idleCount()).isEqualTo(2);
  }
}
