package dev.liverec.loopback;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback server's built-in publisher: plays a testkit {@link Scenario} in real time (moving
 * pattern with a white flash frame and a 1 kHz beep at every whole second of media time, and
 * whatever gaps, resizes and mutes the scenario scripts) and pushes it into two WebRTC sources.
 * The room makes outgoing tracks of them ({@link #newVideoTrack}, one per track sid, so a track can
 * be moved to a new sid) on the server's sending stack and disposes them; this class owns the
 * sources and the scenario's thread.
 *
 * <p>Like a simulcast publisher seen through livekit-server's forwarder, it can start on a low
 * layer: until {@link Layers#rampAfter()} has passed, frames go out at {@link Layers#lowWidth()} x
 * {@link Layers#lowHeight()}, then at the published size.
 *
 * <p>The scenario's mutes and its end are reported to the server through {@link Events}, which
 * tells the subscribers as LiveKit would (track muted, participant left). Tests can also mute the
 * audio and change the picture size from outside, on top of the scenario.
 */
final class SyntheticPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyntheticPublisher.class);

  /** What the scenario does that subscribers must be told about. */
  interface Events {
    void audioMuted(boolean muted);

    void ended(String why);
  }

  /** The low layer a stream starts on, and when it steps up; {@link #NONE} starts at full size. */
  record Layers(int lowWidth, int lowHeight, Duration rampAfter) {
    static final Layers NONE = new Layers(0, 0, Duration.ZERO);
  }

  private final Scenario scenario;
  private final Events events;
  private final String codecMime;
  private final Layers layers;
  private final CustomVideoSource videoSource;
  private final CustomAudioSource audioSource;
  private final FrameSource source;
  private volatile long startedNanos;
  private final AtomicLong framesPushed = new AtomicLong();
  private final AtomicLong chunksPushed = new AtomicLong();
  private volatile int width;
  private volatile int height;
  /** Set from outside ({@link #setResolution}): frames are scaled to it. 0 = the scenario's. */
  private volatile int forcedWidth;
  private volatile int forcedHeight;
  private volatile boolean audioMuted;
  private volatile boolean videoPaused;
  private boolean closed;

  SyntheticPublisher(Scenario scenario, Events events, String codecMime, Layers layers) {
    this.scenario = scenario;
    this.events = events;
    this.codecMime = codecMime;
    this.layers = layers;
    this.width = scenario.width();
    this.height = scenario.height();
    this.videoSource = new CustomVideoSource();
    this.audioSource = new CustomAudioSource();
    this.source = scenario.source(SourceClock.REAL);
  }

  /** Starts playing the scenario. */
  void start() {
    startedNanos = System.nanoTime();
    source.start(new Pusher());
  }

  /** A new outgoing video track named {@code sid}, fed from this publisher; the caller owns it. */
  VideoTrack newVideoTrack(String sid, PeerConnectionFactory sending) {
    return sending.createVideoTrack(sid, videoSource);
  }

  /** A new outgoing audio track named {@code sid}, fed from this publisher; the caller owns it. */
  AudioTrack newAudioTrack(String sid, PeerConnectionFactory sending) {
    return sending.createAudioTrack(sid, audioSource);
  }

  /** The codec subscribers are offered first. */
  String codecMime() {
    return codecMime;
  }

  /** The layer plan: the low layer's size, and when the stream steps up to the published size. */
  Layers layers() {
    return layers;
  }

  /** The scenario being played. */
  Scenario scenario() {
    return scenario;
  }

  /** From the next frame on, scales every picture to {@code w x h}. */
  void setResolution(int w, int h) {
    this.forcedWidth = w;
    this.forcedHeight = h;
    this.width = w;
    this.height = h;
  }

  /** Size of the pictures as published (the top layer). */
  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Stops sending audio (or sends it again), whatever the scenario does. */
  void setAudioMuted(boolean muted) {
    this.audioMuted = muted;
  }

  /** Stops handing video frames to WebRTC (or hands them again); the scenario plays on. */
  void setVideoPaused(boolean paused) {
    this.videoPaused = paused;
  }

  long framesPushed() {
    return framesPushed.get();
  }

  long chunksPushed() {
    return chunksPushed.get();
  }

  /** Takes the scenario's frames on its thread and hands copies to WebRTC. */
  private final class Pusher implements FrameSink {
    private final FramePool pool = new FramePool();
    private byte[] pcm = new byte[0];

    @Override
    public void onVideo(VideoFrame frame) {
      try (frame) {
        if (videoPaused) {
          return;
        }
        VideoFrameBuffer buffer = toWebRtc(frame);
        try {
          videoSource.pushFrame(
              new dev.onvoid.webrtc.media.video.VideoFrame(buffer, System.nanoTime()));
          framesPushed.incrementAndGet();
        } finally {
          buffer.release();
        }
      } catch (RuntimeException e) {
        log.warn("loopback publisher could not push a video frame: {}", e.toString());
      }
    }

    /** A WebRTC copy of {@code frame}, owned by the caller (release it); none left on failure. */
    private VideoFrameBuffer toWebRtc(VideoFrame frame) {
      NativeI420Buffer copy = NativeI420Buffer.allocate(frame.width(), frame.height());
      try {
        copyPlane(frame, 0, copy.getDataY(), copy.getStrideY(), frame.width(), frame.height());
        int cw = (frame.width() + 1) / 2;
        int ch = (frame.height() + 1) / 2;
        copyPlane(frame, 1, copy.getDataU(), copy.getStrideU(), cw, ch);
        copyPlane(frame, 2, copy.getDataV(), copy.getStrideV(), cw, ch);
      } catch (RuntimeException e) {
        copy.release();
        throw e;
      }
      int w = forcedWidth;
      int h = forcedHeight;
      if (layers.lowWidth() > 0
          && System.nanoTime() - startedNanos < layers.rampAfter().toNanos()) {
        w = layers.lowWidth();
        h = layers.lowHeight();
      } else if (w == 0) {
        width = frame.width();
        height = frame.height();
      }
      if (w == 0 || (w == frame.width() && h == frame.height())) {
        return copy;
      }
      try {
        return copy.cropAndScale(0, 0, frame.width(), frame.height(), w, h);
      } finally {
        copy.release();
      }
    }

    private static void copyPlane(
        VideoFrame frame, int plane, ByteBuffer dst, int dstStride, int rowBytes, int rows) {
      ByteBuffer src = frame.plane(plane);
      int srcStride = frame.stride(plane);
      for (int r = 0; r < rows; r++) {
        dst.put(r * dstStride, src, r * srcStride, rowBytes);
      }
    }

    @Override
    public void onAudio(AudioFrame frame) {
      try (frame) {
        if (audioMuted) {
          return;
        }
        int bytes = frame.samples() * frame.channels() * 2;
        if (pcm.length != bytes) {
          pcm = new byte[bytes];
        }
        frame.data().get(0, pcm, 0, bytes);
        audioSource.pushAudio(pcm, 16, frame.sampleRate(), frame.channels(), frame.samples());
        chunksPushed.incrementAndGet();
      } catch (RuntimeException e) {
        log.warn("loopback publisher could not push audio: {}", e.toString());
      }
    }

    @Override
    public void onEvent(SourceEvent event) {
      try {
        if (event instanceof SourceEvent.Muted m && m.track() == TrackKind.AUDIO) {
          audioMuted = true;
          events.audioMuted(true);
        } else if (event instanceof SourceEvent.Unmuted u && u.track() == TrackKind.AUDIO) {
          audioMuted = false;
          events.audioMuted(false);
        } else if (event instanceof SourceEvent.EndOfStream end) {
          events.ended(end.reason());
        } else if (event instanceof SourceEvent.Failed failed) {
          events.ended(failed.reason());
        }
      } catch (RuntimeException e) {
        log.debug("loopback publisher: event {} not delivered: {}", event, e.toString());
      }
    }

    @Override
    public FramePool pool() {
      return pool;
    }
  }

  /**
   * Stops the scenario and frees the sources. Every track made of them must have been disposed
   * before.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    source.close();
    videoSource.dispose();
    audioSource.dispose();
  }
}
