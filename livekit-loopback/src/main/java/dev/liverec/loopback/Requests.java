package dev.liverec.loopback;

import dev.liverec.livekit.webrtc.IceCandidates;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.util.ArrayList;
import java.util.List;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRtc.Pong;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import livekit.LivekitRtc.UpdateSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a joined client asks for, handed to the part of the room that acts on it: descriptions and
 * candidates to its transports (a publisher transport is made on its first offer), tracks and
 * subscriptions to {@link Tracks}, mutes and leaves to the {@link Room}, pings answered here.
 * Requests livekit-server accepts but the double does not model are logged and ignored. Room
 * thread only.
 */
final class Requests {
  private static final Logger log = LoggerFactory.getLogger(Requests.class);

  private final Room room;
  private final RoomSettings settings;
  private final RoomThread thread;

  Requests(Room room, RoomSettings settings, RoomThread thread) {
    this.room = room;
    this.settings = settings;
    this.thread = thread;
  }

  void handle(Participant p, SignalRequest request) {
    switch (request.getMessageCase()) {
      case OFFER -> publisherOf(p).onOffer(request.getOffer());
      case ANSWER -> {
        if (p.subscriber != null) {
          p.subscriber.onAnswer(request.getAnswer());
        }
      }
      case TRICKLE -> trickle(p, request.getTrickle());
      case ADD_TRACK -> room.tracks().addTrack(p, request.getAddTrack());
      case MUTE -> room.mute(p, request.getMute().getSid(), request.getMute().getMuted());
      case SUBSCRIPTION -> {
        UpdateSubscription u = request.getSubscription();
        List<String> sids = new ArrayList<>(u.getTrackSidsList());
        u.getParticipantTracksList().forEach(pt -> sids.addAll(pt.getTrackSidsList()));
        room.tracks().update(p, u.getSubscribe(), sids.stream().distinct().toList());
      }
      case TRACK_SETTING -> room.tracks().trackSettings(p, request.getTrackSetting());
      case LEAVE -> room.remove(p, DisconnectReason.CLIENT_INITIATED);
      case PING -> p.send(SignalResponse.newBuilder().setPong(request.getPing()).build());
      case PING_REQ -> p.send(SignalResponse.newBuilder().setPongResp(Pong.newBuilder()
          .setLastPingTimestamp(request.getPingReq().getTimestamp())
          .setTimestamp(System.currentTimeMillis())).build());
      default -> log.debug("loopback: {} sent {}; accepted, not acted on", p.identity(),
          request.getMessageCase());
    }
  }

  private void trickle(Participant p, TrickleRequest trickle) {
    if (trickle.getCandidateInit().isEmpty()) {
      return;
    }
    var candidate = IceCandidates.fromJson(trickle.getCandidateInit());
    if (trickle.getTarget() == SignalTarget.PUBLISHER) {
      publisherOf(p).onCandidate(candidate);
    } else if (p.subscriber != null) {
      p.subscriber.onCandidate(candidate);
    }
  }

  private PublisherTransport publisherOf(Participant p) {
    if (p.publisher == null) {
      Tracks tracks = room.tracks();
      p.publisher = new PublisherTransport(p.identity(), settings.receiving(), thread, p::send,
          new PublisherTransport.Listener() {
            @Override
            public void trackArrived(String cid, MediaStreamTrack remote) {
              tracks.mediaArrived(p, cid, remote);
            }

            @Override
            public void trackEnded(String cid) {
              tracks.mediaEnded(p, cid);
            }

            @Override
            public void data(byte[] packet, boolean reliable) {
              tracks.relayData(p, packet, reliable);
            }
          });
    }
    return p.publisher;
  }
}
