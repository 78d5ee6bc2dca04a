package dev.liverec.loopback;

import dev.liverec.livekit.webrtc.DataChannelReader;
import dev.liverec.livekit.webrtc.IceCandidates;
import dev.liverec.livekit.webrtc.Negotiation;
import dev.liverec.livekit.webrtc.RemoteCandidates;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection livekit-server offers a participant to receive on: the server is the offerer,
 * its {@code _reliable} and {@code _lossy} data channels are in the first offer (sent right after
 * the join response, before any track), and each subscribed track is added with the msid
 * {@code PA_sid|TR_sid}. One negotiation at a time: a change while an offer waits for its answer is
 * offered again once the answer arrives. With a {@link MediaPath} the client reaches the connection
 * only through that relay: the candidates it is told are the relay's, and its own candidates are
 * kept from the connection. Used on its room's thread only; WebRTC's callbacks are moved there.
 */
final class SubscriberTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriberTransport.class);

  private final String identity;
  private final Executor room;
  private final Consumer<SignalResponse> signal;
  private final BiConsumer<SubscriberTransport, RTCPeerConnectionState> stateListener;
  private final RTCPeerConnection connection;
  private final RemoteCandidates candidates;
  private final CodecPreferences codecs;
  private final DataChannelReader reliable;
  private final DataChannelReader lossy;
  private final @Nullable MediaPath path;
  private final Map<String, RTCRtpSender> senders = new LinkedHashMap<>();
  private int offerId;
  private boolean awaitingAnswer;
  private boolean offerAgain;
  private boolean offerScheduled;
  private boolean restartWanted;
  private boolean closed;

  SubscriberTransport(String identity, PeerConnectionFactory factory, Executor room,
      Consumer<SignalResponse> signal,
      BiConsumer<SubscriberTransport, RTCPeerConnectionState> stateListener, boolean relayed) {
    this.identity = identity;
    this.room = room;
    this.signal = signal;
    this.stateListener = stateListener;
    this.connection = factory.createPeerConnection(new RTCConfiguration(), new Observer());
    this.candidates = new RemoteCandidates(connection);
    this.codecs = new CodecPreferences(factory);
    RTCDataChannelInit ordered = new RTCDataChannelInit();
    ordered.ordered = true;
    this.reliable = DataChannelReader.read(
        connection.createDataChannel("_reliable", ordered), message -> {});
    RTCDataChannelInit unordered = new RTCDataChannelInit();
    unordered.ordered = false;
    unordered.maxRetransmits = 0;
    this.lossy = DataChannelReader.read(
        connection.createDataChannel("_lossy", unordered), message -> {});
    this.path = relayed ? new MediaPath(identity) : null;
  }

  /** Starts sending {@code track}; offers the change. */
  void add(PublishedTrack track) {
    if (closed || senders.containsKey(track.sid())) {
      return;
    }
    RTCRtpSender sender = connection.addTrack(track.outgoing(), List.of(track.streamId()));
    senders.put(track.sid(), sender);
    if (track.isVideo()) {
      CodecPreferences.keepBitRateUp(sender);
    }
    for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
      if (sameSender(transceiver, track)) {
        codecs.prefer(transceiver, track.codecMime());
      }
    }
    negotiate(false);
  }

  private static boolean sameSender(RTCRtpTransceiver transceiver, PublishedTrack track) {
    var t = transceiver.getSender().getTrack();
    return t != null && t.getId().equals(track.sid());
  }

  /** Stops sending the track; offers the change. */
  void remove(String trackSid) {
    RTCRtpSender sender = senders.remove(trackSid);
    if (sender != null && !closed) {
      connection.removeTrack(sender);
      negotiate(false);
    }
  }



  /**
   * Offers again with new ICE credentials, as livekit-server does on a resume. An offer still
   * waiting for its answer went out on the dropped socket and is superseded (JSEP allows a new
   * local offer in have-local-offer); an answer to it is ignored by its id.
   */
  void restartIce() {
    awaitingAnswer = false;
    offerAgain = false;
    negotiate(true);
  }

  /**
   * Offers the current state once the room's current task is done, so the changes of one task
   * (a join that subscribes to every track, say) go out in one offer, as livekit-server's first
   * offer carries the data channels and the tracks already published.
   */
  void negotiate(boolean iceRestart) {
    if (closed) {
      return;
    }
    restartWanted |= iceRestart;
    if (awaitingAnswer) {
      offerAgain = true;
      return;
    }
    if (!offerScheduled) {
      offerScheduled = true;
      room.execute(this::offerNow);
    }
  }

  private void offerNow() {
    offerScheduled = false;
    if (closed || awaitingAnswer) {
      return;
    }
    boolean restart = restartWanted;
    restartWanted = false;
    awaitingAnswer = true;
    int id = ++offerId;
    Negotiation.offer(connection, restart)
        .whenCompleteAsync((offer, error) -> offered(id, offer, error), room);
  }

  private void offered(int id, RTCSessionDescription offer, Throwable error) {
    if (closed || id != offerId) {
      return;
    }
    if (error != null) {
      awaitingAnswer = false;
      log.warn("loopback: could not offer to {}: {}", identity, error.getMessage());
      return;
    }
    String sdp = path != null ? path.exposeSdp(offer.sdp) : offer.sdp;
    SessionDescription.Builder message = SessionDescription.newBuilder()
        .setType("offer").setSdp(sdp).setId(id);
    for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
      var track = transceiver.getSender().getTrack();
      String mid = transceiver.getMid();
      if (track != null && mid != null && senders.containsKey(track.getId())) {
        message.putMidToTrackId(mid, track.getId());
      }
    }
    signal.accept(SignalResponse.newBuilder().setOffer(message).build());
  }

  /** The participant's answer to our latest offer. */
  void onAnswer(SessionDescription answer) {
    if (closed || !awaitingAnswer || (answer.getId() != 0 && answer.getId() != offerId)) {
      log.debug("loopback: ignoring an answer from {} to offer {} (latest {})", identity,
          answer.getId(), offerId);
      return;
    }
    String sdp = path != null ? MediaPath.withoutCandidates(answer.getSdp()) : answer.getSdp();
    Negotiation.applyAnswer(connection, sdp).whenCompleteAsync((done, error) -> {
      if (closed) {
        return;
      }
      awaitingAnswer = false;
      if (error != null) {
        log.warn("loopback: bad answer from {}: {}", identity, error.getMessage());
        return;
      }
      candidates.remoteDescriptionApplied();
      if (offerAgain) {
        offerAgain = false;
        negotiate(false);
      }
    }, room);
  }

  /** A candidate of the client's; kept from the connection when it is reached through a relay. */
  void onCandidate(RTCIceCandidate candidate) {
    if (path == null) {
      candidates.add(candidate);
    }
  }

  /**
   * Fault: the media path carries nothing for {@code duration}.
   *
   * @throws IllegalStateException without a media relay
   */
  void interruptMedia(Duration duration) {
    if (path == null) {
      throw new IllegalStateException("the media path of " + identity
          + " is direct; start the server with mediaRelay(true) to interrupt it");
    }
    path.interrupt(duration);
  }

  /** Sends a data packet (LiveKit's {@code DataPacket} bytes) on {@code _reliable} or {@code _lossy}. */
  boolean sendData(byte[] packet, boolean reliably) {
    DataChannelReader channel = reliably ? reliable : lossy;
    if (closed || !channel.isOpen()) {
      return false;
    }
    try {
      channel.channel().send(new RTCDataChannelBuffer(ByteBuffer.wrap(packet), true));
      return true;
    } catch (Exception e) {
      log.debug("loopback: data to {} not sent: {}", identity, e.toString());
      return false;
    }
  }


  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    candidates.close();
    reliable.close();
    lossy.close();
    for (RTCRtpSender sender : senders.values()) {
      connection.removeTrack(sender);
    }
    senders.clear();
    connection.close();
    if (path != null) {
      path.close();
    }
  }

  private final class Observer implements PeerConnectionObserver {
    @Override
    public void onIceCandidate(RTCIceCandidate gathered) {
      room.execute(() -> {
        String told = path == null ? gathered.sdp : path.expose(gathered.sdp);
        if (!closed && told != null) {
          RTCIceCandidate candidate = new RTCIceCandidate(gathered.sdpMid,
              gathered.sdpMLineIndex, told);
          signal.accept(SignalResponse.newBuilder()
              .setTrickle(IceCandidates.trickle(candidate, SignalTarget.SUBSCRIBER)).build());
        }
      });
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
      room.execute(() -> {
        if (!closed) {
          stateListener.accept(SubscriberTransport.this, state);
        }
      });
    }
  }
}
