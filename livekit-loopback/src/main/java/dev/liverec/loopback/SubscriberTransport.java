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
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection livekit-server offers a participant to receive on: the server is the offerer,
 * its {@code _reliable} and {@code _lossy} data channels are in the first offer (sent right after
 * the join response, before any track), and each subscribed track is added with the msid
 * {@code PA_sid|TR_sid}. One negotiation at a time: a change while an offer waits for its answer is
 * offered again once the answer arrives. Used on its room's thread only; WebRTC's callbacks are
 * moved there.
 */
final class SubscriberTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriberTransport.class);
  private static final int MIN_VIDEO_BIT_RATE = 2_500_000;
  private static final int MAX_VIDEO_BIT_RATE = 8_000_000;

  private final String identity;
  private final Executor room;
  private final Consumer<SignalResponse> signal;
  private final BiConsumer<SubscriberTransport, RTCPeerConnectionState> stateListener;
  private final RTCPeerConnection connection;
  private final RemoteCandidates candidates;
  private final CodecPreferences codecs;
  private final DataChannelReader reliable;
  private final DataChannelReader lossy;
  private final Map<String, RTCRtpSender> senders = new LinkedHashMap<>();
  private int offerId;
  private boolean awaitingAnswer;
  private boolean offerAgain;
  private boolean offerScheduled;
  private boolean restartWanted;
  private boolean closed;

  SubscriberTransport(String identity, PeerConnectionFactory factory, Executor room,
      Consumer<SignalResponse> signal,
      BiConsumer<SubscriberTransport, RTCPeerConnectionState> stateListener) {
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
  }

  /** Starts sending {@code track}; offers the change. */
  void add(PublishedTrack track) {
    if (closed || senders.containsKey(track.sid())) {
      return;
    }
    RTCRtpSender sender = connection.addTrack(track.outgoing(), List.of(track.streamId()));
    senders.put(track.sid(), sender);
    if (track.isVideo()) {
      keepBitRateUp(sender);
    }
    for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
      if (sameSender(transceiver, track)) {
        codecs.prefer(transceiver, track.codecMime());
      }
    }
    negotiate(false);
  }

  /**
   * The double encodes again what livekit-server would only forward. At WebRTC's start rate
   * (300 kbit/s) its encoder would halve the picture and drop frames until its estimate ramps up,
   * which a forwarding SFU never does; a floor keeps the published size and frame rate. The
   * layer a real SFU starts on is modelled on purpose instead ({@code startOnLowLayer}).
   */
  private static void keepBitRateUp(RTCRtpSender sender) {
    RTCRtpSendParameters parameters = sender.getParameters();
    if (parameters == null || parameters.encodings == null) {
      return;
    }
    for (RTCRtpEncodingParameters encoding : parameters.encodings) {
      encoding.minBitrate = MIN_VIDEO_BIT_RATE;
      encoding.maxBitrate = MAX_VIDEO_BIT_RATE;
      encoding.maxFramerate = 60.0;
    }
    sender.setParameters(parameters);
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

  boolean sends(String trackSid) {
    return senders.containsKey(trackSid);
  }

  Set<String> tracks() {
    return Set.copyOf(senders.keySet());
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
    SessionDescription.Builder message = SessionDescription.newBuilder()
        .setType("offer").setSdp(offer.sdp).setId(id);
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
    Negotiation.applyAnswer(connection, answer.getSdp()).whenCompleteAsync((done, error) -> {
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

  void onCandidate(RTCIceCandidate candidate) {
    candidates.add(candidate);
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

  RTCPeerConnectionState state() {
    return connection.getConnectionState();
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
  }

  private final class Observer implements PeerConnectionObserver {
    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
      room.execute(() -> {
        if (!closed) {
          signal.accept(SignalResponse.newBuilder().setTrickle(TrickleRequest.newBuilder()
              .setCandidateInit(IceCandidates.toJson(candidate))
              .setTarget(SignalTarget.SUBSCRIBER)).build());
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
