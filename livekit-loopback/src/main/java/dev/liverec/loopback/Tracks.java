package dev.liverec.loopback;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import livekit.LivekitModels;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.SubscriptionError;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc;
import livekit.LivekitRtc.AddTrackRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.StreamState;
import livekit.LivekitRtc.StreamStateInfo;
import livekit.LivekitRtc.StreamStateUpdate;
import livekit.LivekitRtc.SubscriptionResponse;
import livekit.LivekitRtc.TrackPublishedResponse;
import livekit.LivekitRtc.TrackUnpublishedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who publishes what and who receives it, as livekit-server routes tracks: a client's {@code
 * AddTrackRequest} is answered with {@code TrackPublished} at once and the track joins the room
 * when its media arrives; a participant joining with {@code auto_subscribe} gets every track, the
 * others only what {@code UpdateSubscription} adds (and loses what it removes); a track that does
 * not exist, or that a test refuses, is answered with a {@code subscription_response} error. Data
 * packets are relayed to everyone else with the sender's identity; subscribers are told when a
 * stream is paused. Room thread only.
 */
final class Tracks {
  private static final Logger log = LoggerFactory.getLogger(Tracks.class);

  private final RoomSettings settings;
  private final Collection<Participant> participants;
  private final Consumer<Participant> announce;
  private final Set<String> refused = new HashSet<>();
  private final Map<String, String> cids = new LinkedHashMap<>();
  private final Map<String, Relay> relays = new LinkedHashMap<>();
  private final List<PublishedTrack> retired = new ArrayList<>();
  private final Map<String, LivekitModels.VideoQuality> requestedQuality =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong dataPackets = new AtomicLong();
  private boolean refuseAll;

  /**
   * @param announce broadcasts a participant's changed info (its tracks, mutes) to the room
   */
  Tracks(RoomSettings settings, Collection<Participant> participants, Consumer<Participant> announce) {
    this.settings = settings;
    this.participants = participants;
    this.announce = announce;
  }

  /** A client announces a track: it gets its sid now, and joins the room when media arrives. */
  void addTrack(Participant owner, AddTrackRequest request) {
    if (!owner.grant.canPublish()) {
      log.warn("loopback: {} may not publish; AddTrack ignored", owner.identity());
      return;
    }
    TrackInfo.Builder info = TrackInfo.newBuilder()
        .setSid(Sids.next(Sids.TRACK)).setName(request.getName()).setType(request.getType())
        .setSource(request.getSource()).setMuted(request.getMuted())
        .setWidth(request.getWidth()).setHeight(request.getHeight())
        .addAllLayers(request.getLayersList()).setSimulcast(request.getLayersCount() > 1)
        .setStereo(request.getStereo()).setStream(request.getStream());
    String codec = request.getSimulcastCodecsCount() > 0
        ? request.getSimulcastCodecs(0).getCodec() : "";
    info.setMimeType(mime(request.getType(), codec));
    owner.pendingTracks.put(request.getCid(), info.build());
    owner.send(SignalResponse.newBuilder().setTrackPublished(TrackPublishedResponse.newBuilder()
        .setCid(request.getCid()).setTrack(info)).build());
  }

  private static String mime(TrackType type, String codec) {
    if (type == TrackType.AUDIO) {
      return "audio/opus";
    }
    return codec.isEmpty() ? "video/VP8" : (codec.contains("/") ? codec : "video/" + codec.toUpperCase());
  }

  /** A client's media for an announced track arrived: relay it to the room. */
  void mediaArrived(Participant owner, String cid, MediaStreamTrack remote) {
    TrackInfo info = owner.pendingTracks.remove(cid);
    if (info == null) {
      log.warn("loopback: {} sent media for track {} it never announced", owner.identity(), cid);
      return;
    }
    Relay relay = new Relay(remote, info.getSid(), settings.sending());
    cids.put(info.getSid(), cid);
    relays.put(info.getSid(), relay);
    publish(owner, new PublishedTrack(owner.sid, info, relay.outgoing(), info.getMimeType(),
        relay::dispose));
  }

  /** A client removed a track's sender (its SDK's unpublish). */
  void mediaEnded(Participant owner, String cid) {
    for (PublishedTrack t : List.copyOf(owner.tracks.values())) {
      if (cid.equals(cids.get(t.sid()))) {
        unpublish(owner, t);
      }
    }
  }

  /** Adds a track to the room; every auto-subscribing participant receives it. */
  void publish(Participant owner, PublishedTrack track) {
    owner.tracks.put(track.sid(), track);
    announce.accept(owner);
    for (Participant p : participants) {
      if (p != owner && p.autoSubscribe && p.grant.canSubscribe()) {
        subscribe(p, track.sid());
      }
    }
    log.info("loopback: {} published {} {} ({})", owner.identity(), track.info().getType(),
        track.sid(), track.codecMime());
  }

  /** Removes a track from the room and from every connection sending it. */
  void unpublish(Participant owner, PublishedTrack track) {
    if (owner.tracks.remove(track.sid()) == null) {
      return;
    }
    for (Participant p : participants) {
      p.subscriptions.remove(track.sid());
      if (p.subscriber != null) {
        p.subscriber.remove(track.sid());
      }
    }
    owner.send(SignalResponse.newBuilder().setTrackUnpublished(
        TrackUnpublishedResponse.newBuilder().setTrackSid(track.sid())).build());
    cids.remove(track.sid());
    retired.add(track);
    announce.accept(owner);
    Relay relay = relays.remove(track.sid());
    if (relay != null) {
      relay.detach();
      log.info("loopback: {} unpublished {} ({} video frames relayed)", owner.identity(),
          track.sid(), relay.framesRelayed());
    } else {
      log.info("loopback: {} unpublished {}", owner.identity(), track.sid());
    }
  }

  /** Every track other participants publish, for a participant that joined with auto-subscribe. */
  void subscribeToAll(Participant subscriber) {
    for (Participant p : participants) {
      if (p != subscriber) {
        for (String sid : List.copyOf(p.tracks.keySet())) {
          subscribe(subscriber, sid);
        }
      }
    }
  }

  /** {@code UpdateSubscription}: adds or removes exactly the named tracks. */
  void update(Participant subscriber, boolean subscribe, Collection<String> trackSids) {
    for (String sid : trackSids) {
      if (subscribe) {
        subscribe(subscriber, sid);
      } else {
        subscriber.subscriptions.remove(sid);
        if (subscriber.subscriber != null) {
          subscriber.subscriber.remove(sid);
        }
      }
    }
  }

  private void subscribe(Participant subscriber, String trackSid) {
    Optional<PublishedTrack> track = find(trackSid);
    if (track.isEmpty() || refuseAll || refused.contains(trackSid)) {
      SubscriptionError error = track.isEmpty()
          ? SubscriptionError.SE_TRACK_NOTFOUND : SubscriptionError.SE_UNKNOWN;
      log.info("loopback: subscription of {} to {} refused: {}", subscriber.identity(), trackSid,
          error);
      subscriber.send(SignalResponse.newBuilder().setSubscriptionResponse(
          SubscriptionResponse.newBuilder().setTrackSid(trackSid).setErr(error)).build());
      return;
    }
    subscriber.subscriptions.add(trackSid);
    if (subscriber.subscriber != null) {
      subscriber.subscriber.add(track.get());
    }
  }

  Optional<PublishedTrack> find(String trackSid) {
    for (Participant p : participants) {
      PublishedTrack t = p.tracks.get(trackSid);
      if (t != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Relays a client's data packet to the others, stamped with its identity. */
  void relayData(Participant from, byte[] packet, boolean reliable) {
    try {
      relay(from, DataPacket.parseFrom(packet), reliable);
    } catch (InvalidProtocolBufferException e) {
      log.debug("loopback: unreadable data packet from {}", from.identity());
    }
  }

  /**
   * Sends a data packet of {@code from} to everyone else (or to its destination identities) on
   * {@code _reliable} or {@code _lossy}, stamped as livekit-server stamps it: the channel's kind,
   * the sender's sid and identity (none for a hidden sender), on the user payload too.
   */
  void relay(Participant from, DataPacket packet, boolean reliable) {
    List<String> to = packet.getDestinationIdentitiesCount() > 0
        ? packet.getDestinationIdentitiesList() : packet.getUser().getDestinationIdentitiesList();
    String identity = from.hidden() ? "" : from.identity();
    DataPacket.Builder stamped = packet.toBuilder().clearDestinationIdentities()
        .setKind(reliable ? DataPacket.Kind.RELIABLE : DataPacket.Kind.LOSSY)
        .setParticipantIdentity(identity).setParticipantSid(from.sid);
    if (packet.hasUser()) {
      stamped.getUserBuilder().clearDestinationIdentities().setParticipantIdentity(identity)
          .setParticipantSid(from.hidden() ? "" : from.sid);
    }
    byte[] bytes = stamped.build().toByteArray();
    for (Participant p : participants) {
      if (p != from && p.subscriber != null && (to.isEmpty() || to.contains(p.identity()))) {
        if (p.subscriber.sendData(bytes, reliable)) {
          dataPackets.incrementAndGet();
        }
      }
    }
  }

  /**
   * Tells every subscriber of {@code owner}'s track whether the SFU forwards it ({@code
   * stream_state_update}), as livekit-server's congestion control does when it pauses a stream.
   */
  void streamState(Participant owner, String trackSid, StreamState state) {
    SignalResponse update = SignalResponse.newBuilder().setStreamStateUpdate(
        StreamStateUpdate.newBuilder().addStreamStates(StreamStateInfo.newBuilder()
            .setParticipantSid(owner.sid).setTrackSid(trackSid).setState(state))).build();
    for (Participant p : participants) {
      if (p.subscriptions.contains(trackSid)) {
        p.send(update);
      }
    }
  }

  /**
   * {@code UpdateTrackSettings}: remembered per subscriber and track (the double forwards one layer
   * and does not act on it; tests read what a client asked for).
   */
  void trackSettings(Participant subscriber, LivekitRtc.UpdateTrackSettings settings) {
    for (String sid : settings.getTrackSidsList()) {
      requestedQuality.put(subscriber.identity() + "/" + sid, settings.getQuality());
    }
  }

  /** The quality {@code identity} last asked for on {@code trackSid}, or null. */
  LivekitModels.@org.jspecify.annotations.Nullable VideoQuality requestedQuality(String identity,
      String trackSid) {
    return requestedQuality.get(identity + "/" + trackSid);
  }

  long dataPacketsRelayed() {
    return dataPackets.get();
  }

  /** From now on, subscriptions to {@code trackSid} (or to every track, for null) are refused. */
  void refuse(@org.jspecify.annotations.Nullable String trackSid) {
    if (trackSid == null) {
      refuseAll = true;
    } else {
      refused.add(trackSid);
    }
  }

  /** Frees the outgoing tracks of everything ever published; every connection is closed. */
  void disposeAll() {
    for (Participant p : participants) {
      retired.addAll(p.tracks.values());
      p.tracks.clear();
    }
    for (PublishedTrack t : retired) {
      try {
        t.dispose();
      } catch (RuntimeException e) {
        log.debug("loopback: disposing {}: {}", t.sid(), e.toString());
      }
    }
    retired.clear();
  }
}
