package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.SourceEvent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
  private final FramePool pool = new FramePool();

  private VideoFrame video(long t) {
    return pool.acquireVideo(PixelFormat.I420, 16, 16, t);
  }

  private AudioFrame audio(long t) {
    return pool.acquireAudio(48_000, 2, 480, t);
  }

  @Test
  void whenFullDropsTheOldestVideoFrameAndKeepsAudioAndOrder() throws Exception {
    FrameQueue queue = new FrameQueue(2, 100);
    VideoFrame first = video(0);
    assertThat(queue.offerVideo(first)).isZero();
    assertThat(queue.offerAudio(audio(1))).isZero();
    assertThat(queue.offerVideo(video(2))).isZero();
    assertThat(queue.offerVideo(video(3))).isEqualTo(1);
    assertThat(first.isOpen()).as("dropped frame is closed, back in the pool").isFalse();

    assertThat(((AudioFrame) queue.poll(0, TimeUnit.MILLISECONDS)).captureTimeUs()).isEqualTo(1);
    assertThat(((VideoFrame) queue.poll(0, TimeUnit.MILLISECONDS)).captureTimeUs()).isEqualTo(2);
    assertThat(((VideoFrame) queue.poll(0, TimeUnit.MILLISECONDS)).captureTimeUs()).isEqualTo(3);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void afterCloseDrainsWhatIsQueuedThenEndsAndRefusesMore() throws Exception {
    FrameQueue queue = new FrameQueue(4, 4);
    queue.offerEvent(SourceEvent.muted(TrackKind.AUDIO));
    queue.close();
    VideoFrame late = video(9);
    assertThat(queue.offerVideo(late)).isEqualTo(-1);
    assertThat(late.isOpen()).isFalse();
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isInstanceOf(SourceEvent.Muted.class);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isSameAs(FrameQueue.END);
  }

  @Test
  void discardClosesEveryQueuedFrame() {
    FrameQueue queue = new FrameQueue(4, 4);
    VideoFrame v = video(0);
    AudioFrame a = audio(0);
    queue.offerVideo(v);
    queue.offerAudio(a);
    assertThat(queue.discard()).isEqualTo(1);
    assertThat(v.isOpen()).isFalse();
    assertThat(a.isOpen()).isFalse();
    assertThat(queue.size()).isZero();
  }
}
