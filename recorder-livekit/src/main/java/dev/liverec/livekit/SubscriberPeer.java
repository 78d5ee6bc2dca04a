package dev.liverec.livekit;

import dev.liverec.livekit.webrtc.DataChannelReader;
import dev.liverec.livekit.webrtc.Negotiation;
import dev.liverec.livekit.webrtc.RemoteCandidates;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber peer connection of one session: answers the server's offers, trickles ICE both
 * ways, reads (and drops) the server's data channels, and binds each remote track to the source's
 * sinks only while the recording wants it, by track sid (from the offer's {@code
 * mid_to_track_id}, else the msid track id): a second video or audio track the server sends never
 * reaches a sink. {@link #close()} detaches the sinks before closing the connection, so no
 * callback reaches a sink afterwards; remote tracks belong to their receivers.
 */
final class SubscriberPeer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriberPeer.class);

  /** Events from WebRTC's signalling thread; implementations must not block. */
  interface Listener {
    void onLocalCandidate(SubscriberPeer peer, RTCIceCandidate candidate);

    void onStateChange(SubscriberPeer peer, RTCPeerConnectionState state);
  }

  private final RTCPeerConnection connection;
  private final VideoTrackSink videoSink;
  private final AudioTrackSink audioSink;
  private final Predicate<String> wanted;
  private final Listener listener;
  private final RemoteCandidates candidates;
  private final Map<String, String> midToTrack = new ConcurrentHashMap<>();
  /** Remote tracks by track sid, and whether each is bound to a sink now. */
  private final Map<String, MediaStreamTrack> tracks = new LinkedHashMap<>();
  private final Map<String, Boolean> bound = new LinkedHashMap<>();
  private final List<DataChannelReader> dataChannels = new ArrayList<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private boolean closed;

  SubscriberPeer(PeerConnectionFactory factory, List<RTCIceServer> iceServers,
      VideoTrackSink videoSink, AudioTrackSink audioSink, Predicate<String> wanted,
      Listener listener) {
    this.videoSink = videoSink;
    this.audioSink = audioSink;
    this.wanted = wanted;
    this.listener = listener;
    RTCConfiguration config = new RTCConfiguration();
    config.iceServers = new ArrayList<>(iceServers);
    this.connection = factory.createPeerConnection(config, new Observer());
    this.candidates = new RemoteCandidates(connection);
  }

  /**
   * Applies the server's offer; completes with our answer's SDP on WebRTC's thread, or fails
   * when WebRTC rejects the offer.
   */
  CompletableFuture<String> answer(String offerSdp, Map<String, String> midToTrackId) {
    midToTrack.putAll(midToTrackId);
    return Negotiation.answer(connection, offerSdp).thenApply(answer -> {
      candidates.remoteDescriptionApplied();
      return answer.sdp;
    });
  }

  /** Adds a candidate from the server, holding it until the offer is applied. */
  void addRemoteCandidate(RTCIceCandidate candidate) {
    candidates.add(candidate);
  }

  /** New TURN/STUN servers (a resume's ReconnectResponse): used from the next ICE restart. */
  void setIceServers(List<RTCIceServer> servers) {
    RTCConfiguration config = connection.getConfiguration();
    config.iceServers = new ArrayList<>(servers);
    connection.setConfiguration(config);
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


  synchronized long dataMessages() {
    return dataChannels.stream().mapToLong(DataChannelReader::messages).sum();
  }

  synchronized long dataBytes() {
    return dataChannels.stream().mapToLong(DataChannelReader::bytes).sum();
  }

  /**
   * The recording's wanted tracks changed: binds and unbinds the remote tracks to match. WebRTC is
   * called outside the lock: its signalling thread takes the lock in {@code onTrack}, and a sink
   * change from this thread waits for the signalling thread.
   */
  void rebind() {
    Map<MediaStreamTrack, Boolean> changes = new LinkedHashMap<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      for (Map.Entry<String, MediaStreamTrack> e : tracks.entrySet()) {
        boolean want = wanted.test(e.getKey());
        if (want != bound.getOrDefault(e.getKey(), false)) {
          changes.put(e.getValue(), want);
          bound.put(e.getKey(), want);
        }
      }
    }
    changes.forEach(this::bind);
  }

  private void bind(MediaStreamTrack track, boolean on) {
    if (track instanceof VideoTrack video) {
      if (on) {
        video.addSink(videoSink);
      } else {
        video.removeSink(videoSink);
      }
    } else if (track instanceof AudioTrack audio) {
      if (on) {
        audio.addSink(audioSink);
      } else {
        audio.removeSink(audioSink);
      }
    }
  }

  /**
   * Unbinds the sinks and closes the connection without waiting for WebRTC to confirm it (the
   * control thread closes peers and must not block); {@link #awaitClosed} waits for that.
   */
  @Override
  public void close() {
    List<DataChannelReader> readers;
    List<MediaStreamTrack> unbind = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Map.Entry<String, MediaStreamTrack> e : tracks.entrySet()) {
        if (bound.getOrDefault(e.getKey(), false)) {
          unbind.add(e.getValue());
        }
      }
      tracks.clear();
      bound.clear();
      readers = new ArrayList<>(dataChannels);
    }
    unbind.forEach(track -> bind(track, false));
    candidates.close();
    readers.forEach(DataChannelReader::close);
    connection.close();
  }

  /** Waits up to {@code timeout} for WebRTC to report the closed connection CLOSED. */
  boolean awaitClosed(java.time.Duration timeout) {
    try {
      if (closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      log.debug("peer connection did not report CLOSED within {} ms", timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private String sidOf(RTCRtpTransceiver transceiver, MediaStreamTrack track) {
    String mid = transceiver.getMid();
    String sid = mid == null ? null : midToTrack.get(mid);
    return sid != null ? sid : track.getId();
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
      synchronized (SubscriberPeer.this) {
        if (closed) {
          return;
        }
        String sid = sidOf(transceiver, track);
        tracks.put(sid, track);
        boolean want = wanted.test(sid);
        if (want) {
          bind(track, true);
        }
        bound.put(sid, want);
        log.info("receiving {} track {}{}", track.getKind(), sid, want ? "" : " (not recorded)");
      }
    }

    @Override
    public void onRemoveTrack(RTCRtpReceiver receiver) {
      MediaStreamTrack track = receiver.getTrack();
      synchronized (SubscriberPeer.this) {
        if (closed) {
          return;
        }
        tracks.entrySet().removeIf(e -> {
          if (!e.getValue().getId().equals(track.getId())) {
            return false;
          }
          if (bound.getOrDefault(e.getKey(), false)) {
            bind(e.getValue(), false);
          }
          bound.remove(e.getKey());
          return true;
        });
      }
    }
  }
}
