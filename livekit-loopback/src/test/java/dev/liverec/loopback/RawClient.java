package dev.liverec.loopback;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.liverec.livekit.webrtc.DataChannelReader;
import dev.liverec.livekit.webrtc.IceCandidates;
import dev.liverec.livekit.webrtc.Negotiation;
import dev.liverec.livekit.webrtc.RemoteCandidates;
import dev.liverec.livekit.webrtc.WebRtcStack;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanSubscribe;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import livekit.LivekitRtc.SignalTarget;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A bare LiveKit signalling client for protocol tests: protobuf over OkHttp's WebSocket, every
 * message kept in arrival order, and a real WebRTC peer connection that answers the subscriber
 * offers (so the server can offer again), keeps the messages of the data channels the server
 * opens, and records when its states changed.
 */
final class RawClient implements AutoCloseable {
  private static final int MAX_MESSAGES = 10_000;
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .readTimeout(Duration.ofSeconds(10)).build();

  /** A state change of the answering connection ({@code connection CONNECTED}, {@code ice ...}). */
  record Change(long atNanos, String what) {}

  /** A data channel message and when it arrived ({@link System#nanoTime()}). */
  record Message(long atNanos, byte[] data) {}

  private final List<SignalResponse> received = new ArrayList<>();
  private final Map<MessageCase, Integer> taken = new EnumMap<>(MessageCase.class);
  private final List<String> offers = new CopyOnWriteArrayList<>();
  private final List<String> dataChannels = new CopyOnWriteArrayList<>();
  private final Map<String, List<Message>> messages = new ConcurrentHashMap<>();
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final RTCPeerConnection peer;
  private final RemoteCandidates candidates;
  private final WebSocket socket;
  private volatile @Nullable Throwable failure;

  private RawClient(String url, String token) {
    this.peer = WebRtcStack.shared().factory().createPeerConnection(new RTCConfiguration(),
        new PeerConnectionObserver() {
          @Override
          public void onIceCandidate(RTCIceCandidate candidate) {
            send(SignalRequest.newBuilder()
                .setTrickle(IceCandidates.trickle(candidate, SignalTarget.SUBSCRIBER)).build());
          }

          @Override
          public void onDataChannel(RTCDataChannel channel) {
            dataChannels.add(channel.getLabel());
            List<Message> into = messages.computeIfAbsent(channel.getLabel(),
                label -> Collections.synchronizedList(new ArrayList<>()));
            DataChannelReader.read(channel, data -> {
              if (into.size() < MAX_MESSAGES) {
                into.add(new Message(System.nanoTime(), data));
              }
            });
          }

          @Override
          public void onConnectionChange(RTCPeerConnectionState state) {
            changes.add(new Change(System.nanoTime(), "connection " + state));
          }

          @Override
          public void onIceConnectionChange(RTCIceConnectionState state) {
            changes.add(new Change(System.nanoTime(), "ice " + state));
          }
        });
    this.candidates = new RemoteCandidates(peer);
    this.socket = HTTP.newWebSocket(new Request.Builder().url(url)
        .header("Authorization", "Bearer " + token).build(), new Listener());
  }

  /** A participant token for {@code identity} in {@code room}, signed like any SDK's. */
  static String token(String key, String secret, String identity, String room) {
    AccessToken token = new AccessToken(key, secret);
    token.setIdentity(identity);
    token.setName(identity);
    token.addGrants(new RoomJoin(true), new RoomName(room), new CanSubscribe(true),
        new CanPublish(true));
    return token.toJwt();
  }

  /** Connects to {@code /rtc?query} as {@code identity}. */
  static RawClient connect(LoopbackLiveKitServer server, String secret, String identity,
      String room, String query) {
    String url = server.url().replace("ws://", "http://") + "/rtc?" + query;
    return new RawClient(url, token(server.apiKey(), secret, identity, room));
  }

  /** The HTTP status of a GET of {@code path} with a token, as an SDK's validate call makes it. */
  static int status(LoopbackLiveKitServer server, String path, String token) throws IOException {
    try (Response r = HTTP.newCall(new Request.Builder()
        .url(server.url().replace("ws://", "http://") + path)
        .header("Authorization", "Bearer " + token).build()).execute()) {
      return r.code();
    }
  }

  /** The next message of this kind not yet returned, waiting at most {@code timeout}. */
  SignalResponse next(MessageCase kind, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        int skip = taken.getOrDefault(kind, 0);
        for (SignalResponse r : received) {
          if (r.getMessageCase() == kind && skip-- == 0) {
            taken.merge(kind, 1, Integer::sum);
            return r;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no " + kind + " within " + timeout.toMillis() + " ms; got "
              + kinds() + (failure != null ? "; socket failed: " + failure : ""));
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** The kinds of every message so far, in order. */
  List<MessageCase> kinds() {
    synchronized (received) {
      return received.stream().map(SignalResponse::getMessageCase).toList();
    }
  }

  /** Every subscriber offer's SDP so far. */
  List<String> offers() {
    return List.copyOf(offers);
  }

  List<String> dataChannels() {
    return List.copyOf(dataChannels);
  }

  /** The messages that arrived on the data channel {@code label} so far (the first 10 000). */
  List<Message> messages(String label) {
    List<Message> all = messages.getOrDefault(label, List.of());
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Every state change of the answering connection so far, in order. */
  List<Change> changes() {
    return List.copyOf(changes);
  }

  RTCPeerConnectionState connectionState() {
    return peer.getConnectionState();
  }

  /**
   * Waits until the answering connection's state satisfies {@code wanted}, polling every 10 ms.
   *
   * @return the state
   * @throws AssertionError when it does not within {@code timeout}
   */
  RTCPeerConnectionState awaitConnection(Predicate<RTCPeerConnectionState> wanted,
      Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RTCPeerConnectionState state;
    while (!wanted.test(state = peer.getConnectionState())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("connection not " + what + " within " + timeout.toMillis()
            + " ms; it is " + state + "; changes " + changes);
      }
      Thread.sleep(10);
    }
    return state;
  }

  /** RTP packets received so far on every incoming track (WebRTC's inbound-rtp stats). */
  long packetsReceived() throws Exception {
    CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
    peer.getStats(report::complete);
    long packets = 0;
    for (RTCStats stats : report.get(5, TimeUnit.SECONDS).getStats().values()) {
      if (stats.getType() == RTCStatsType.INBOUND_RTP
          && stats.getAttributes().get("packetsReceived") instanceof Number n) {
        packets += n.longValue();
      }
    }
    return packets;
  }

  void send(SignalRequest request) {
    socket.send(ByteString.of(request.toByteArray()));
  }

  /** Drops the socket without a close frame. */
  void cut() {
    socket.cancel();
  }

  @Override
  public void close() {
    socket.cancel();
    candidates.close();
    peer.close();
  }

  private void onOffer(SessionDescription offer) {
    offers.add(offer.getSdp());
    Negotiation.answer(peer, offer.getSdp()).thenAccept(answer -> {
      candidates.remoteDescriptionApplied();
      send(SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder()
          .setType("answer").setSdp(answer.sdp).setId(offer.getId())).build());
    });
  }

  private final class Listener extends WebSocketListener {
    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      SignalResponse message;
      try {
        message = SignalResponse.parseFrom(bytes.toByteArray());
      } catch (InvalidProtocolBufferException e) {
        failure = e;
        return;
      }
      if (message.hasOffer()) {
        onOffer(message.getOffer());
      } else if (message.hasTrickle()
          && message.getTrickle().getTarget() == SignalTarget.SUBSCRIBER) {
        candidates.add(IceCandidates.fromJson(message.getTrickle().getCandidateInit()));
      }
      synchronized (received) {
        received.add(message);
        received.notifyAll();
      }
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      failure = t;
      synchronized (received) {
        received.notifyAll();
      }
    }
  }

}
