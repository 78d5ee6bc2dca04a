package dev.liverec.livekit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * The native WebRTC stack of one source: a {@link PeerConnectionFactory} on a {@link
 * HeadlessAudioDeviceModule}, so decoded audio reaches the track sinks without a sound device.
 * Disposing the factory stops WebRTC's network, worker and signalling threads; every peer
 * connection made from it must be closed first.
 */
final class WebRtcMedia implements AutoCloseable {
  private final HeadlessAudioDeviceModule audioDevice;
  private final PeerConnectionFactory factory;
  private boolean closed;

  WebRtcMedia() {
    HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
    try {
      this.factory = new PeerConnectionFactory(adm);
    } catch (RuntimeException | Error e) {
      adm.dispose();
      throw e;
    }
    this.audioDevice = adm;
  }

  PeerConnectionFactory factory() {
    return factory;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      factory.dispose();
    } finally {
      audioDevice.dispose();
    }
  }
}
