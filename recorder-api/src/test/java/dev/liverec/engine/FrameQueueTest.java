package dev.liverec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
  private final FramePool pool = new FramePool();
  private final List<String> drops = Collections.synchronizedList(new ArrayList<>());
  private final Metrics dropLog = new Metrics() {
    @Override
    public void frameDropped(TrackKind kind, DropReason reason) {
      drops.add(kind + " " + reason);
    }
  };

  private VideoFrame video(long t) {
    return pool.acquireVideo(PixelFormat.I420, 16, 16, t);
  }

  private AudioFrame audio(long t) {
    return pool.acquireAudio(48_000, 2, 480, t);
  }

  @Test
  void aLiveQueueWhenFullDropsTheOldestVideoFrameAndKeepsAudioAndOrder() throws Exception {
    FrameQueue queue = new FrameQueue(2, 100, false, dropLog);
    VideoFrame first = video(0);
    assertThat(queue.offerVideo(first)).isTrue();
    assertThat(queue.offerAudio(audio(1))).isTrue();
    assertThat(queue.offerVideo(video(2))).isTrue();
    assertThat(queue.offerVideo(video(3))).isTrue();
    assertThat(first.isOpen()).as("dropped frame is closed, back in the pool").isFalse();
    assertThat(drops).containsExactly("VIDEO QUEUE_FULL");

    assertThat(((AudioFrame) queue.poll(0, TimeUnit.MILLISECONDS)).captureTimeUs()).isEqualTo(1);
    assertThat(((VideoFrame) queue.poll(0, TimeUnit.MILLISECONDS)).captureTimeUs()).isEqualTo(2);
    assertThat(((VideoFrame) queue.poll(0, TimeUnit.MILLISECONDS)).captureTimeUs()).isEqualTo(3);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aHeldBackSourceWaitsForRoomAndLosesNothing() throws Exception {
    FrameQueue queue = new FrameQueue(1, 100, true, dropLog);
    queue.offerVideo(video(0));
    CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> queue.offerVideo(video(1)));

    assertThat(second).as("the source waits while the queue is full").isNotDone();
    assertThat(((VideoFrame) queue.poll(1, TimeUnit.SECONDS)).captureTimeUs()).isZero();
    assertThat(second.get(5, TimeUnit.SECONDS)).as("queued once there is room").isTrue();
    assertThat(((VideoFrame) queue.poll(1, TimeUnit.SECONDS)).captureTimeUs()).isEqualTo(1);
    assertThat(drops).isEmpty();
  }

  @Test
  void closingReleasesAHeldBackSourceAndCountsItsFrameAsAfterClose() throws Exception {
    FrameQueue queue = new FrameQueue(1, 100, true, dropLog);
    queue.offerVideo(video(0));
    VideoFrame waiting = video(1);
    CompletableFuture<Boolean> offer = CompletableFuture.supplyAsync(() -> queue.offerVideo(waiting));

    queue.discard();

    assertThat(offer.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(waiting.isOpen()).isFalse();
    assertThat(drops).containsExactlyInAnyOrder("VIDEO AT_STOP", "VIDEO AFTER_CLOSE");
  }

  @Test
  void afterCloseDrainsWhatIsQueuedThenEndsAndRefusesMore() throws Exception {
    FrameQueue queue = new FrameQueue(4, 4, false, dropLog);
    queue.offerEvent(SourceEvent.muted(TrackKind.AUDIO));
    queue.close();
    VideoFrame late = video(9);
    assertThat(queue.offerVideo(late)).isFalse();
    assertThat(late.isOpen()).isFalse();
    assertThat(drops).containsExactly("VIDEO AFTER_CLOSE");
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isInstanceOf(SourceEvent.Muted.class);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isSameAs(FrameQueue.END);
  }

  @Test
  void discardClosesEveryQueuedFrameAndCountsItAtStop() {
    FrameQueue queue = new FrameQueue(4, 4, false, dropLog);
    VideoFrame v = video(0);
    AudioFrame a = audio(0);
    queue.offerVideo(v);
    queue.offerAudio(a);
    queue.discard();
    assertThat(v.isOpen()).isFalse();
    assertThat(a.isOpen()).isFalse();
    assertThat(queue.size()).isZero();
    assertThat(drops).containsExactly("VIDEO AT_STOP", "AUDIO AT_STOP");
  }
}
