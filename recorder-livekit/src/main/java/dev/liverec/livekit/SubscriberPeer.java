package dev.liverec.livekit;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber peer connection of one join: answers the server's offers, trickles ICE both ways
 * and attaches the source's sinks to every remote track. {@link #close()} detaches the sinks
 * before closing the connection, so no callback reaches a sink afterwards; remote tracks belong
 * to their receivers and are never disposed here.
 */
final class SubscriberPeer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriberPeer.class);

  /** Events from WebRTC's signalling thread; implementations must not block. */
  interface Listener {
    void onLocalCandidate(SubscriberPeer peer, RTCIceCandidate candidate);

    void onStateChange(SubscriberPeer peer, RTCPeerConnectionState state);

    void onTrackAdded(SubscriberPeer peer, String mid, String kind);

    void onTrackRemoved(SubscriberPeer peer, String kind);
  }

  private final RTCPeerConnection connection;
  private final VideoTrackSink videoSink;
  private final AudioTrackSink audioSink;
  private final Listener listener;
  private final List<RTCIceCandidate> pendingCandidates = new ArrayList<>();
  private final List<MediaStreamTrack> attached = new ArrayList<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private boolean remoteDescriptionSet;
  private boolean closed;

  SubscriberPeer(
      PeerConnectionFactory factory,
      List<RTCIceServer> iceServers,
      VideoTrackSink videoSink,
      AudioTrackSink audioSink,
      Listener listener) {
    this.videoSink = videoSink;
    this.audioSink = audioSink;
    this.listener = listener;
    RTCConfiguration config = new RTCConfiguration();
    config.iceServers = new ArrayList<>(iceServers);
    this.connection = factory.createPeerConnection(config, new Observer());
  }

  /**
   * Applies the server's offer and returns our answer's SDP.
   *
   * @throws IllegalStateException when WebRTC rejects the offer or does not answer in time
   */
  String answer(String offerSdp, Duration timeout) {
    CompletableFuture<Void> remote = new CompletableFuture<>();
    connection.setRemoteDescription(
        new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), new SetObserver(remote));
    await(remote, timeout, "applying the server's offer");
    List<RTCIceCandidate> held;
    synchronized (this) {
      remoteDescriptionSet = true;
      held = new ArrayList<>(pendingCandidates);
      pendingCandidates.clear();
    }
    // Never call into WebRTC while holding this lock: its signalling thread takes it in onTrack.
    for (RTCIceCandidate candidate : held) {
      connection.addIceCandidate(candidate);
    }
    CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
    connection.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription description) {
        created.complete(description);
      }

      @Override
      public void onFailure(String error) {
        created.completeExceptionally(new IllegalStateException(error));
      }
    });
    RTCSessionDescription answer = await(created, timeout, "creating the answer");
    CompletableFuture<Void> local = new CompletableFuture<>();
    connection.setLocalDescription(answer, new SetObserver(local));
    await(local, timeout, "applying our answer");
    return answer.sdp;
  }

  /** Adds a candidate from the server, holding it until the offer is applied. */
  void addRemoteCandidate(RTCIceCandidate candidate) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!remoteDescriptionSet) {
        pendingCandidates.add(candidate);
        return;
      }
    }
    connection.addIceCandidate(candidate);
  }

  RTCPeerConnectionState state() {
    return connection.getConnectionState();
  }

  /** WebRTC's own statistics, delivered on its signalling thread. */
  CompletableFuture<RTCStatsReport> stats() {
    CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        report.completeExceptionally(new IllegalStateException("peer closed"));
        return report;
      }
    }
    connection.getStats(report::complete);
    return report;
  }

  synchronized int tracksAttached() {
    return attached.size();
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " took longer than " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Detaches the sinks, closes the connection and waits briefly for WebRTC to confirm. */
  @Override
  public void close() {
    List<MediaStreamTrack> tracks;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      tracks = new ArrayList<>(attached);
      attached.clear();
    }
    for (MediaStreamTrack track : tracks) {
      detach(track);
    }
    connection.close();
    try {
      if (!closedLatch.await(2, TimeUnit.SECONDS)) {
        log.debug("peer connection did not report CLOSED within 2 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void detach(MediaStreamTrack track) {
    if (track instanceof VideoTrack video) {
      video.removeSink(videoSink);
    } else if (track instanceof AudioTrack audio) {
      audio.removeSink(audioSink);
    }
  }

  private final class Observer implements PeerConnectionObserver {
    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
      listener.onLocalCandidate(SubscriberPeer.this, candidate);
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
      if (state == RTCPeerConnectionState.CLOSED) {
        closedLatch.countDown();
      }
      listener.onStateChange(SubscriberPeer.this, state);
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
      MediaStreamTrack track = transceiver.getReceiver().getTrack();
      String kind = track.getKind();
      synchronized (SubscriberPeer.this) {
        if (closed) {
          return;
        }
        if (track instanceof VideoTrack video) {
          video.addSink(videoSink);
        } else if (track instanceof AudioTrack audio) {
          audio.addSink(audioSink);
        } else {
          return;
        }
        attached.add(track);
      }
      String mid = transceiver.getMid();
      listener.onTrackAdded(SubscriberPeer.this, mid == null ? "" : mid, kind);
    }

    @Override
    public void onRemoveTrack(RTCRtpReceiver receiver) {
      MediaStreamTrack track = receiver.getTrack();
      String kind = track.getKind();
      @Nullable MediaStreamTrack removed = null;
      synchronized (SubscriberPeer.this) {
        if (closed) {
          return;
        }
        for (int i = 0; i < attached.size(); i++) {
          if (attached.get(i).getId().equals(track.getId())) {
            removed = attached.remove(i);
            break;
          }
        }
      }
      if (removed != null) {
        detach(removed);
      }
      listener.onTrackRemoved(SubscriberPeer.this, kind);
    }
  }

  private static final class SetObserver implements SetSessionDescriptionObserver {
    private final CompletableFuture<Void> done;

    SetObserver(CompletableFuture<Void> done) {
      this.done = done;
    }

    @Override
    public void onSuccess() {
      done.complete(null);
    }

    @Override
    public void onFailure(String error) {
      done.completeExceptionally(new IllegalStateException(error));
    }
  }
}
