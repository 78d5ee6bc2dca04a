package dev.liverec.livekit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.jspecify.annotations.Nullable;

/**
 * The native WebRTC stack every LiveKit source of the process shares: one {@link
 * PeerConnectionFactory} on one {@link HeadlessAudioDeviceModule}, so decoded audio reaches the
 * track sinks without a sound device. Each source makes and closes its own peer connections on it.
 *
 * <p>It is made by the first source and lives until the JVM exits (five native threads and the
 * factory's memory). It is deliberately not disposed per source: webrtc-java 0.14 never frees a
 * closed peer connection (upstream issue 239, fixed after 0.14), and a leaked peer connection keeps
 * its factory's audio device alive, so a stack per source leaked two native threads and the
 * device's buffers with every recording. With one shared stack, sequential and concurrent sources
 * add no threads ({@code LiveKitLifecycleTest} counts the OS threads).
 */
final class WebRtcMedia {
  private static @Nullable WebRtcMedia shared;

  private final PeerConnectionFactory factory;

  private WebRtcMedia() {
    HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
    try {
      this.factory = new PeerConnectionFactory(adm);
    } catch (RuntimeException | Error e) {
      adm.dispose();
      throw e;
    }
  }

  /** The process's stack, made on first use. */
  static synchronized WebRtcMedia shared() {
    WebRtcMedia media = shared;
    if (media == null) {
      media = new WebRtcMedia();
      shared = media;
    }
    return media;
  }

  PeerConnectionFactory factory() {
    return factory;
  }
}
