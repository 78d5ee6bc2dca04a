package dev.liverec.testkit.livekit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import okhttp3.WebSocket;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber of the loopback room as the SFU sees it: its signalling socket (replaced on a
 * resume) and the peer connection the server offers the publisher's tracks on. Used by the
 * server's room thread only, apart from WebRTC's callbacks which it posts back there.
 */
final class SubscriberSession {
  private static final Logger log = LoggerFactory.getLogger(SubscriberSession.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIN_VIDEO_BIT_RATE = 2_500_000;
  private static final int MAX_VIDEO_BIT_RATE = 8_000_000;

  private final String sid;
  private final String identity;
  private final RTCPeerConnection connection;
  private final Consumer<Runnable> roomThread;
  private final Map<MediaStreamTrack, RTCRtpSender> senders = new LinkedHashMap<>();
  private final Map<MediaStreamTrack, String> trackSids = new LinkedHashMap<>();
  private final List<RTCIceCandidate> pendingRemote = new ArrayList<>();
  private final CompletableFuture<Void> closedState = new CompletableFuture<>();
  private @Nullable WebSocket socket;
  private int offerId;
  private boolean awaitingAnswer;
  private boolean renegotiate;
  private boolean remoteSet;
  private boolean closed;

  SubscriberSession(String sid, String identity, PeerConnectionFactory factory,
      Consumer<Runnable> roomThread) {
    this.sid = sid;
    this.identity = identity;
    this.roomThread = roomThread;
    this.connection = factory.createPeerConnection(new RTCConfiguration(), new Observer());
  }

  String sid() {
    return sid;
  }

  String identity() {
    return identity;
  }

  void attach(WebSocket ws) {
    this.socket = ws;
  }

  @Nullable WebSocket socket() {
    return socket;
  }

  void detach() {
    socket = null;
  }

  boolean send(SignalResponse response) {
    WebSocket ws = socket;
    return ws != null && ws.send(ByteString.of(response.toByteArray()));
  }

  /** Handles what the subscriber sends besides subscriptions (the room handles those). */
  void onRequest(SignalRequest request) {
    switch (request.getMessageCase()) {
      case ANSWER -> onAnswer(request.getAnswer());
      case TRICKLE -> onTrickle(request.getTrickle());
      case PING_REQ -> send(SignalResponse.newBuilder()
          .setPongResp(livekit.LivekitRtc.Pong.newBuilder()
              .setLastPingTimestamp(request.getPingReq().getTimestamp())
              .setTimestamp(System.currentTimeMillis()))
          .build());
      case PING -> send(SignalResponse.newBuilder().setPong(request.getPing()).build());
      default -> log.debug("loopback: ignoring {} from {}", request.getMessageCase(), identity);
    }
  }

  /** Makes the subscriber receive exactly these tracks (track -> LiveKit track sid). */
  void setTracks(Map<MediaStreamTrack, String> wanted) {
    if (closed) {
      return;
    }
    boolean changed = false;
    for (MediaStreamTrack track : new ArrayList<>(senders.keySet())) {
      if (!wanted.containsKey(track) || !wanted.get(track).equals(trackSids.get(track))) {
        connection.removeTrack(senders.remove(track));
        trackSids.remove(track);
        changed = true;
      }
    }
    for (Map.Entry<MediaStreamTrack, String> e : wanted.entrySet()) {
      if (!senders.containsKey(e.getKey())) {
        RTCRtpSender sender = connection.addTrack(e.getKey(), List.of(streamId(e.getValue())));
        if (e.getKey() instanceof VideoTrack) {
          keepBitRateUp(sender);
        }
        senders.put(e.getKey(), sender);
        trackSids.put(e.getKey(), e.getValue());
        changed = true;
      }
    }
    if (changed) {
      negotiate();
    }
  }

  /**
   * The test pattern is noisy on purpose; at WebRTC's default start rate (300 kbit/s) the encoder
   * would drop most frames until the estimate ramps up. A floor keeps the full frame rate.
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

  /** Like the LiveKit SFU: each track in its own media stream, {@code <participant>|<track>}. */
  private static String streamId(String trackSid) {
    return "PA_publisher|" + trackSid;
  }

  private void negotiate() {
    if (awaitingAnswer) {
      renegotiate = true;
      return;
    }
    renegotiate = false;
    CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
    connection.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription description) {
        created.complete(description);
      }

      @Override
      public void onFailure(String error) {
        created.completeExceptionally(new IllegalStateException(error));
      }
    });
    try {
      RTCSessionDescription offer = created.get(5, TimeUnit.SECONDS);
      CompletableFuture<Void> set = new CompletableFuture<>();
      connection.setLocalDescription(offer, new SetObserver(set));
      set.get(5, TimeUnit.SECONDS);
      SessionDescription.Builder message = SessionDescription.newBuilder()
          .setType("offer").setSdp(offer.sdp).setId(++offerId);
      for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
        MediaStreamTrack track = transceiver.getSender().getTrack();
        String trackSid = track == null ? null : trackSids.get(track);
        if (trackSid != null && transceiver.getMid() != null) {
          message.putMidToTrackId(transceiver.getMid(), trackSid);
        }
      }
      awaitingAnswer = true;
      send(SignalResponse.newBuilder().setOffer(message).build());
    } catch (Exception e) {
      log.warn("loopback: could not offer to {}: {}", identity, e.toString());
    }
  }

  private void onAnswer(SessionDescription answer) {
    CompletableFuture<Void> set = new CompletableFuture<>();
    connection.setRemoteDescription(
        new RTCSessionDescription(RTCSdpType.ANSWER, answer.getSdp()), new SetObserver(set));
    try {
      set.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("loopback: bad answer from {}: {}", identity, e.toString());
      return;
    }
    awaitingAnswer = false;
    if (!remoteSet) {
      remoteSet = true;
      for (RTCIceCandidate c : pendingRemote) {
        connection.addIceCandidate(c);
      }
      pendingRemote.clear();
    }
    if (renegotiate) {
      negotiate();
    }
  }

  private void onTrickle(TrickleRequest trickle) {
    if (trickle.getTarget() != SignalTarget.SUBSCRIBER || trickle.getCandidateInit().isEmpty()) {
      return;
    }
    RTCIceCandidate candidate;
    try {
      JsonNode node = JSON.readTree(trickle.getCandidateInit());
      candidate = new RTCIceCandidate(node.path("sdpMid").asText("0"),
          node.path("sdpMLineIndex").asInt(0), node.path("candidate").asText());
    } catch (Exception e) {
      log.debug("loopback: unreadable candidate from {}", identity);
      return;
    }
    if (remoteSet) {
      connection.addIceCandidate(candidate);
    } else {
      pendingRemote.add(candidate);
    }
  }

  private void sendCandidate(RTCIceCandidate candidate) {
    ObjectNode node = JSON.createObjectNode();
    node.put("candidate", candidate.sdp);
    node.put("sdpMid", candidate.sdpMid);
    node.put("sdpMLineIndex", candidate.sdpMLineIndex);
    send(SignalResponse.newBuilder()
        .setTrickle(TrickleRequest.newBuilder()
            .setCandidateInit(node.toString())
            .setTarget(SignalTarget.SUBSCRIBER))
        .build());
  }

  /**
   * Drops the socket: a server-side close without a leave message (1001, going away), as when a
   * node goes away. (A server-side OkHttp WebSocket cannot be cancelled without a close frame.)
   */
  void cutSocket() {
    WebSocket ws = socket;
    socket = null;
    if (ws != null) {
      ws.close(1001, "going away");
    }
  }

  /** Removes the tracks and closes the peer connection; the socket is left to the caller. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RTCRtpSender sender : senders.values()) {
      connection.removeTrack(sender);
    }
    senders.clear();
    connection.close();
    try {
      closedState.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("loopback: peer of {} did not report CLOSED", identity);
    }
  }

  private final class Observer implements PeerConnectionObserver {
    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
      roomThread.accept(() -> sendCandidate(candidate));
    }

    @Override
    public void onConnectionChange(dev.onvoid.webrtc.RTCPeerConnectionState state) {
      if (state == dev.onvoid.webrtc.RTCPeerConnectionState.CLOSED) {
        closedState.complete(null);
      }
    }

    @Override
    public void onSignalingChange(RTCSignalingState state) {
      log.trace("loopback: {} signalling {}", identity, state);
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
