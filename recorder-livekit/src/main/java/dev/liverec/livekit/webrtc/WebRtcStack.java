package dev.liverec.livekit.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.jspecify.annotations.Nullable;

/**
 * The native WebRTC stack every receiving peer connection of the process shares: one {@link
 * PeerConnectionFactory} on one {@link HeadlessAudioDeviceModule}, so decoded audio reaches the
 * track sinks without a sound device. Each user makes and closes its own peer connections on it.
 *
 * <p>It is made on first use and lives until the JVM exits (five native threads and the
 * factory's memory). It is deliberately not disposed per user: webrtc-java 0.14 never frees a
 * closed peer connection (upstream issue 239, fixed after 0.14), and a leaked peer connection keeps
 * its factory's audio device alive, so a stack per recording leaked two native threads and the
 * device's buffers with every recording. With one shared stack, sequential and concurrent
 * recordings add no threads ({@code LiveKitLifecycleTest} counts the OS threads).
 */
public final class WebRtcStack {
  private static @Nullable WebRtcStack shared;

  private final PeerConnectionFactory factory;

  private WebRtcStack() {
    HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
    try {
      this.factory = new PeerConnectionFactory(adm);
    } catch (RuntimeException | Error e) {
      adm.dispose();
      throw e;
    }
  }

  /** The process's receiving stack, made on first use. */
  public static synchronized WebRtcStack shared() {
    WebRtcStack stack = shared;
    if (stack == null) {
      stack = new WebRtcStack();
      shared = stack;
    }
    return stack;
  }

  public PeerConnectionFactory factory() {
    return factory;
  }
}
