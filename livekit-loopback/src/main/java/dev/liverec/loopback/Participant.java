package dev.liverec.loopback;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SignalResponse;
import org.jspecify.annotations.Nullable;

/**
 * One participant as its room knows it: identity, sid and state, the tracks it publishes, and for
 * a signalling client its socket, its two transports and what it subscribed to. The built-in
 * publisher is a participant without socket or transports. Room thread only.
 */
final class Participant {
  final String sid;
  final Tokens.Grant grant;
  final long joinedAtMs = System.currentTimeMillis();
  /** Published tracks by track sid, in publishing order. */
  final Map<String, PublishedTrack> tracks = new LinkedHashMap<>();
  /** Tracks announced (TrackPublished sent) and waiting for their media, by the client's cid. */
  final Map<String, TrackInfo> pendingTracks = new LinkedHashMap<>();
  /** Track sids this participant asked for or was auto-subscribed to. */
  final Set<String> subscriptions = new LinkedHashSet<>();
  ParticipantInfo.State state = ParticipantInfo.State.JOINING;
  int version;
  boolean autoSubscribe;
  /** The media side was closed by the server: a resume is refused, the client must rejoin. */
  boolean mediaClosed;
  @Nullable SignalSocket socket;
  @Nullable SubscriberTransport subscriber;
  @Nullable PublisherTransport publisher;
  @Nullable ScheduledFuture<?> expiry;
  @Nullable ScheduledFuture<?> tokenRefresh;

  Participant(String sid, Tokens.Grant grant) {
    this.sid = sid;
    this.grant = grant;
  }

  String identity() {
    return grant.identity();
  }

  boolean isClient() {
    return subscriber != null || socket != null || publisher != null;
  }

  boolean hidden() {
    return grant.hidden();
  }

  boolean send(SignalResponse response) {
    SignalSocket s = socket;
    return s != null && s.send(response);
  }

  ParticipantInfo info() {
    ParticipantInfo.Builder b = ParticipantInfo.newBuilder()
        .setSid(sid)
        .setIdentity(grant.identity())
        .setName(grant.name())
        .setState(state)
        .setJoinedAt(joinedAtMs / 1000)
        .setJoinedAtMs(joinedAtMs)
        .setVersion(version)
        .setIsPublisher(!tracks.isEmpty())
        .setPermission(ParticipantPermission.newBuilder()
            .setCanSubscribe(grant.canSubscribe())
            .setCanPublish(grant.canPublish())
            .setCanPublishData(grant.canPublish())
            .setHidden(grant.hidden())
            .setRecorder(grant.recorder()));
    for (PublishedTrack t : tracks.values()) {
      b.addTracks(t.info());
    }
    return b.build();
  }

  /** Stops both transports and the timers; the socket is the caller's to close. */
  void closeMedia() {
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
    if (expiry != null) {
      expiry.cancel(false);
      expiry = null;
    }
    if (tokenRefresh != null) {
      tokenRefresh.cancel(false);
      tokenRefresh = null;
    }
  }
}
