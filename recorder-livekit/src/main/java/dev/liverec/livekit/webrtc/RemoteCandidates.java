package dev.liverec.livekit.webrtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * ICE candidates from the other side, held until the remote description they belong to is
 * applied (WebRTC rejects a candidate before that), then handed to the connection. Safe from any
 * thread; WebRTC is never called while the lock is held, since its signalling thread may call
 * back into code that takes other locks.
 */
public final class RemoteCandidates {
  private final RTCPeerConnection connection;
  private final List<RTCIceCandidate> held = new ArrayList<>();
  private boolean ready;
  private boolean closed;

  public RemoteCandidates(RTCPeerConnection connection) {
    this.connection = connection;
  }

  /** Adds the candidate now, or once {@link #remoteDescriptionApplied()} was called. */
  public void add(RTCIceCandidate candidate) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!ready) {
        held.add(candidate);
        return;
      }
    }
    connection.addIceCandidate(candidate);
  }

  /** The remote description is applied: hand over what was held, and every later one at once. */
  public void remoteDescriptionApplied() {
    List<RTCIceCandidate> now;
    synchronized (this) {
      if (ready || closed) {
        return;
      }
      ready = true;
      now = new ArrayList<>(held);
      held.clear();
    }
    for (RTCIceCandidate candidate : now) {
      connection.addIceCandidate(candidate);
    }
  }

  /** Drops what is held; later candidates are ignored (the connection is closing). */
  public synchronized void close() {
    closed = true;
    held.clear();
  }
}
