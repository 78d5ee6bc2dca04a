package dev.liverec.testkit.livekit;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.testkit.TestPattern;
import dev.liverec.testkit.ToneGenerator;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback server's publisher: the testkit's synthetic signal (moving pattern with a white
 * flash frame and a 1 kHz beep at every whole second of media time) pushed into real WebRTC
 * tracks, paced by the wall clock. It has its own peer connection factory on a dummy audio
 * device: a headless device would pull the send stream from a second thread (see the spike
 * notes), and this factory never receives audio.
 */
final class SyntheticPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyntheticPublisher.class);
  private static final int CHUNK_MS = 10;

  private final int frameRate;
  private final int sampleRate;
  private final int channels;
  private final AudioDeviceModule audioDevice;
  private final PeerConnectionFactory factory;
  private final CustomVideoSource videoSource;
  private final CustomAudioSource audioSource;
  private final VideoTrack videoTrack;
  private final AudioTrack audioTrack;
  private final AtomicLong framesPushed = new AtomicLong();
  private final AtomicLong chunksPushed = new AtomicLong();
  private final Thread videoThread;
  private final Thread audioThread;
  private final long startNanos;
  private volatile int width;
  private volatile int height;
  private volatile boolean audioMuted;
  private volatile boolean running = true;
  private boolean closed;

  SyntheticPublisher(int width, int height, int frameRate, int sampleRate, int channels) {
    this.width = width;
    this.height = height;
    this.frameRate = frameRate;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.audioDevice = new AudioDeviceModule(AudioLayer.kDummyAudio);
    this.factory = new PeerConnectionFactory(audioDevice);
    this.videoSource = new CustomVideoSource();
    this.audioSource = new CustomAudioSource();
    this.videoTrack = factory.createVideoTrack("loopback-video", videoSource);
    this.audioTrack = factory.createAudioTrack("loopback-audio", audioSource);
    this.startNanos = System.nanoTime();
    this.videoThread = new Thread(this::pumpVideo, "loopback-livekit-video");
    this.audioThread = new Thread(this::pumpAudio, "loopback-livekit-audio");
    videoThread.setDaemon(true);
    audioThread.setDaemon(true);
    videoThread.start();
    audioThread.start();
  }

  PeerConnectionFactory factory() {
    return factory;
  }

  VideoTrack videoTrack() {
    return videoTrack;
  }

  AudioTrack audioTrack() {
    return audioTrack;
  }

  void setResolution(int w, int h) {
    this.width = w;
    this.height = h;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  void setAudioMuted(boolean muted) {
    this.audioMuted = muted;
  }

  long framesPushed() {
    return framesPushed.get();
  }

  long chunksPushed() {
    return chunksPushed.get();
  }

  private void pumpVideo() {
    long frameNanos = 1_000_000_000L / frameRate;
    for (long n = 0; running; n++) {
      sleepUntil(startNanos + n * frameNanos);
      if (!running) {
        break;
      }
      int w = width;
      int h = height;
      NativeI420Buffer buffer = NativeI420Buffer.allocate(w, h);
      try {
        ByteBuffer[] planes = {buffer.getDataY(), buffer.getDataU(), buffer.getDataV()};
        int[] strides = {buffer.getStrideY(), buffer.getStrideU(), buffer.getStrideV()};
        try (VideoFrame view = VideoFrame.wrap(PixelFormat.I420, w, h, planes, strides, 0, null)) {
          TestPattern.paint(view, n, n % frameRate == 0);
        }
        videoSource.pushFrame(new dev.onvoid.webrtc.media.video.VideoFrame(buffer, System.nanoTime()));
        framesPushed.incrementAndGet();
      } catch (RuntimeException e) {
        log.warn("loopback publisher could not push a video frame: {}", e.toString());
      } finally {
        buffer.release();
      }
    }
  }

  private void pumpAudio() {
    int samples = sampleRate * CHUNK_MS / 1000;
    ByteBuffer pcm = ByteBuffer.allocateDirect(samples * channels * 2).order(ByteOrder.nativeOrder());
    byte[] bytes = new byte[samples * channels * 2];
    long chunkNanos = TimeUnit.MILLISECONDS.toNanos(CHUNK_MS);
    for (long k = 0; running; k++) {
      sleepUntil(startNanos + k * chunkNanos);
      if (!running) {
        break;
      }
      if (audioMuted) {
        continue;
      }
      try (AudioFrame view = AudioFrame.wrap(pcm, sampleRate, channels, samples, 0, null)) {
        ToneGenerator.fill(view, k * CHUNK_MS * 1000L);
        view.data().get(0, bytes);
      }
      try {
        audioSource.pushAudio(bytes, 16, sampleRate, channels, samples);
        chunksPushed.incrementAndGet();
      } catch (RuntimeException e) {
        log.warn("loopback publisher could not push audio: {}", e.toString());
      }
    }
  }

  private void sleepUntil(long deadline) {
    long wait;
    while (running && (wait = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  /**
   * Stops the pumps and frees the tracks, sources and factory. Every peer connection using the
   * tracks must have removed them and been closed before.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    join(videoThread);
    join(audioThread);
    videoTrack.dispose();
    audioTrack.dispose();
    videoSource.dispose();
    audioSource.dispose();
    factory.dispose();
    audioDevice.dispose();
  }

  private static void join(Thread t) {
    t.interrupt();
    try {
      t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
