package dev.liverec;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.EncodedPacket;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.Muxer;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.MuxerSettings;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.StreamDescriptor;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import dev.liverec.spi.VideoScaler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pure-Java stand-ins for the FFmpeg provider and a source, so the engine's rules (state
 * machine, timestamps, silence) can be tested without native code: each frame becomes one
 * packet whose pts is the frame's, and the "file" is a list of packets.
 */
final class FakeMedia implements EncoderProvider, MuxerProvider {
  record Written(int stream, long pts) {}

  final List<Written> written = Collections.synchronizedList(new ArrayList<>());
  volatile boolean finished;
  volatile int closed;
  volatile int opened;
  /** When set, opening a video encoder fails with it (a setting the encoder refuses). */
  volatile @Nullable RuntimeException refuseVideo;
  volatile @Nullable RuntimeException failVideoAt;
  volatile int failAfterFrames = Integer.MAX_VALUE;
  /** The scaler fails on the picture after this many it scaled. */
  volatile int failScaleAfter = Integer.MAX_VALUE;

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int priority() {
    return 0;
  }

  private static EncodedPacket packet(long pts) {
    return new EncodedPacket() {
      @Override public long pts() { return pts; }
      @Override public long dts() { return pts; }
      @Override public long duration() { return 0; }
      @Override public boolean isKeyFrame() { return true; }
      @Override public int size() { return 1; }
      @Override public ByteBuffer data() { return ByteBuffer.allocate(1); }
    };
  }

  /**
   * A scaler that passes I420 pictures of the output size through and makes any other into a
   * pooled I420 picture of the output size (grey: the fake encoder never looks at pixels).
   */
  @Override
  public VideoScaler openScaler(int width, int height, FramePool pool) {
    opened++;
    return new VideoScaler() {
      int scaled;

      @Override public VideoFrame scale(VideoFrame frame) {
        if (frame.format() == PixelFormat.I420 && frame.width() == width
            && frame.height() == height) {
          return frame;
        }
        if (++scaled > failScaleAfter) {
          throw new MediaException("injected scale failure at picture " + scaled);
        }
        return pool.acquireVideo(PixelFormat.I420, width, height, frame.captureTimeUs());
      }
      @Override public void close() { closed++; }
    };
  }

  @Override
  public VideoEncoder openVideo(VideoEncoderSettings settings) {
    RuntimeException refusal = refuseVideo;
    if (refusal != null) {
      throw refusal;
    }
    opened++;
    StreamDescriptor d = new StreamDescriptor(TrackKind.VIDEO, "h264", 1, 1_000_000,
        settings.width(), settings.height(), 0, 0, 0, 1, new byte[0]);
    return new VideoEncoder() {
      int frames;
      @Override public int encode(VideoFrame frame, long ptsUs, PacketSink sink) {
        if (++frames > failAfterFrames) {
          throw new MediaException("injected encoder failure");
        }
        sink.accept(packet(ptsUs));
        return 1;
      }
      @Override public String name() { return "fake-h264"; }
      @Override public StreamDescriptor descriptor() { return d; }
      @Override public void drain(PacketSink sink) {}
      @Override public void close() { closed++; }
    };
  }

  @Override
  public AudioEncoder openAudio(AudioEncoderSettings settings) {
    opened++;
    StreamDescriptor d = new StreamDescriptor(TrackKind.AUDIO, "aac", 1, settings.sampleRate(),
        0, 0, settings.sampleRate(), settings.channels(), 1024, 1, new byte[0]);
    return new AudioEncoder() {
      long samples;
      @Override public int encode(AudioFrame frame, PacketSink sink) {
        sink.accept(packet(samples));
        samples += frame.samples() * (long) settings.sampleRate() / frame.sampleRate();
        return 1;
      }
      @Override public String name() { return "fake-aac"; }
      @Override public StreamDescriptor descriptor() { return d; }
      @Override public void drain(PacketSink sink) {}
      @Override public void close() { closed++; }
    };
  }

  @Override
  public Muxer open(MuxerSettings settings) {
    opened++;
    return new Muxer() {
      int streams;
      @Override public int addStream(StreamDescriptor stream) { return streams++; }
      @Override public void begin() {}
      @Override public void write(int streamIndex, EncodedPacket p) {
        written.add(new Written(streamIndex, p.pts()));
      }
      @Override public void flush() {}
      @Override public long bytesWritten() { return written.size(); }
      @Override public void finish() { finished = true; }
      @Override public void close() { closed++; }
    };
  }

  /** A source that the test drives by hand through the sink it was given. */
  static final class ManualSource implements FrameSource {
    volatile @Nullable FrameSink sink;
    volatile boolean closed;
    /** What {@link #isLive()} says: live (the default) or, say, a file read at its own pace. */
    volatile boolean live = true;

    /** While set, start() waits for it (a source slow to start). */
    volatile java.util.concurrent.@Nullable CountDownLatch holdStart;
    /** While set, close() waits for it (a source whose close hangs). */
    volatile java.util.concurrent.@Nullable CountDownLatch holdClose;
    final java.util.concurrent.CountDownLatch startEntered = new java.util.concurrent.CountDownLatch(1);

    @Override public void start(FrameSink sink) {
      this.sink = sink;
      startEntered.countDown();
      await(holdStart);
    }
    @Override public boolean isLive() { return live; }
    @Override public String describe() { return "manual"; }
    @Override public void close() {
      await(holdClose);
      closed = true;
    }

    private static void await(java.util.concurrent.@Nullable CountDownLatch latch) {
      if (latch == null) {
        return;
      }
      try {
        latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void video(long captureUs) {
      FrameSink s = sink;
      VideoFrame f = s.pool().acquireVideo(PixelFormat.I420, 64, 48, captureUs);
      s.onVideo(f);
    }

    void audio(long captureUs, int samples) {
      FrameSink s = sink;
      s.onAudio(s.pool().acquireAudio(48_000, 2, samples, captureUs));
    }

    FramePool pool() {
      return sink.pool();
    }
  }
}
