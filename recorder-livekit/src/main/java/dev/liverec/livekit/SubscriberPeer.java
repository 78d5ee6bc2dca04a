package dev.liverec.livekit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.liverec.livekit.webrtc.DataChannelReader;
import dev.liverec.livekit.webrtc.Negotiation;
import dev.liverec.livekit.webrtc.RemoteCandidates;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
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
import java.util.concurrent.TimeUnit;
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
  private final RemoteCandidates candidates;
  private final List<DataChannelReader> dataChannels = new ArrayList<>();
  private final List<MediaStreamTrack> attached = new ArrayList<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
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
    this.candidates = new RemoteCandidates(connection);
  }

  /**
   * Applies the server's offer and returns our answer's SDP.
   *
   * @throws IllegalStateException when WebRTC rejects the offer or does not answer in time
   */
  String answer(String offerSdp, Duration timeout) {
    RTCSessionDescription answer = Negotiation.await(
        Negotiation.answer(connection, offerSdp), timeout, "answering the server's offer");
    candidates.remoteDescriptionApplied();
    return answer.sdp;
  }

  /** Adds a candidate from the server, holding it until the offer is applied. */
  void addRemoteCandidate(RTCIceCandidate candidate) {
    candidates.add(candidate);
  }

  /** Messages and bytes read (and discarded) from the server's data channels. */
  synchronized long dataMessages() {
    return dataChannels.stream().mapToLong(DataChannelReader::messages).sum();
  }

  synchronized long dataBytes() {
    return dataChannels.stream().mapToLong(DataChannelReader::bytes).sum();
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

  /** Detaches the sinks, closes the connection and waits briefly for WebRTC to confirm. */
  @Override
  public void close() {
    List<MediaStreamTrack> tracks;
    List<DataChannelReader> readers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      tracks = new ArrayList<>(attached);
      attached.clear();
      readers = new ArrayList<>(dataChannels);
    }
    candidates.close();
    readers.forEach(DataChannelReader::close);
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

    /** LiveKit opens _reliable and _lossy towards us: read them so nothing queues up unread. */
    @Override
    public void onDataChannel(RTCDataChannel channel) {
      synchronized (SubscriberPeer.this) {
        if (closed) {
          channel.close();
          return;
        }
        dataChannels.add(DataChannelReader.read(channel, message -> {}));
      }
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
}
