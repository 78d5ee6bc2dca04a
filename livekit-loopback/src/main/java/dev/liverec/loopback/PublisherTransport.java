package dev.liverec.loopback;

import dev.liverec.livekit.webrtc.DataChannelReader;
import dev.liverec.livekit.webrtc.IceCandidates;
import dev.liverec.livekit.webrtc.Negotiation;
import dev.liverec.livekit.webrtc.RemoteCandidates;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection a participant publishes on: the client offers, the server answers (with the
 * offer's id), and each remote track that arrives is reported by its track id, which LiveKit's
 * SDKs set to the {@code cid} of their {@code AddTrackRequest}. A track whose sender the client
 * removed is reported as ended (that is how an SDK unpublishes). Data packets the client sends on
 * its {@code _reliable}/{@code _lossy} channels are handed on for the room to relay. Used on its
 * room's thread; WebRTC's callbacks are moved there.
 */
final class PublisherTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherTransport.class);

  /** What the publisher sends, on the room's thread. */
  interface Listener {
    void trackArrived(String cid, MediaStreamTrack remote);

    void trackEnded(String cid);

    void data(byte[] packet, boolean reliable);
  }

  private final String identity;
  private final Executor room;
  private final Consumer<SignalResponse> signal;
  private final Listener listener;
  private final RTCPeerConnection connection;
  private final RemoteCandidates candidates;
  private final List<DataChannelReader> channels = new ArrayList<>();
  private boolean closed;

  PublisherTransport(String identity, PeerConnectionFactory factory, Executor room,
      Consumer<SignalResponse> signal, Listener listener) {
    this.identity = identity;
    this.room = room;
    this.signal = signal;
    this.listener = listener;
    this.connection = factory.createPeerConnection(new RTCConfiguration(), new Observer());
    this.candidates = new RemoteCandidates(connection);
  }

  /** Answers the client's offer. */
  void onOffer(SessionDescription offer) {
    if (closed) {
      return;
    }
    Negotiation.answer(connection, offer.getSdp()).whenCompleteAsync((answer, error) -> {
      if (closed) {
        return;
      }
      if (error != null) {
        log.warn("loopback: could not answer {}'s offer: {}", identity, error.getMessage());
        return;
      }
      candidates.remoteDescriptionApplied();
      signal.accept(SignalResponse.newBuilder().setAnswer(SessionDescription.newBuilder()
          .setType("answer").setSdp(answer.sdp).setId(offer.getId())).build());
    }, room);
  }

  void onCandidate(RTCIceCandidate candidate) {
    candidates.add(candidate);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    candidates.close();
    channels.forEach(DataChannelReader::close);
    connection.close();
  }

  private final class Observer implements PeerConnectionObserver {
    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
      room.execute(() -> {
        if (!closed) {
          signal.accept(SignalResponse.newBuilder()
              .setTrickle(IceCandidates.trickle(candidate, SignalTarget.PUBLISHER)).build());
        }
      });
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
      MediaStreamTrack track = transceiver.getReceiver().getTrack();
      String cid = track.getId();
      room.execute(() -> {
        if (!closed) {
          listener.trackArrived(cid, track);
        }
      });
    }

    @Override
    public void onRemoveTrack(RTCRtpReceiver receiver) {
      String cid = receiver.getTrack().getId();
      room.execute(() -> {
        if (!closed) {
          listener.trackEnded(cid);
        }
      });
    }

    @Override
    public void onDataChannel(RTCDataChannel channel) {
      boolean reliable = "_reliable".equals(channel.getLabel());
      DataChannelReader reader = DataChannelReader.read(channel, packet -> room.execute(() -> {
        if (!closed) {
          listener.data(packet, reliable);
        }
      }));
      room.execute(() -> {
        if (closed) {
          reader.close();
        } else {
          channels.add(reader);
        }
      });
    }
  }
}
