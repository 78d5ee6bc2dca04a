package dev.liverec.loopback;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitModels.UserPacket;
import livekit.LivekitModels.VideoLayer;
import livekit.LivekitModels.VideoQuality;
import livekit.LivekitRtc.StreamState;
import org.jspecify.annotations.Nullable;

/**
 * The synthetic publisher as a participant of its room: joins with a camera and a microphone
 * track, leaves and returns (as a new participant session with new sids), mutes, resizes, and
 * moves its camera to a new track sid (unpublish and republish), each announced as livekit-server
 * would; sends data packets at a fixed rate; and has its video paused as livekit-server's
 * congestion control pauses a stream (subscribers told with {@code stream_state_update}). Room
 * thread only.
 */
final class BuiltInPublisher {
  private final Room room;
  private final SyntheticPublisher media;
  private final RoomSettings settings;
  private final String identity;
  private @Nullable Participant participant;
  private boolean audioMuted;
  private @Nullable ScheduledFuture<?> data;
  private int dataSequence;
  private @Nullable ScheduledFuture<?> resume;
  private @Nullable String pausedSid;

  BuiltInPublisher(Room room, SyntheticPublisher media, RoomSettings settings, String identity) {
    this.room = room;
    this.media = media;
    this.settings = settings;
    this.identity = identity;
  }

  String identity() {
    return identity;
  }

  boolean present() {
    return participant != null;
  }

  /** Joins (again) as a new participant session publishing both tracks. */
  void join() {
    if (participant != null) {
      return;
    }
    Participant p = new Participant(Sids.next(Sids.PARTICIPANT), new Tokens.Grant(identity,
        identity, room.name(), false, true, false, false, Map.of()));
    participant = p;
    dataSequence = 0;
    room.addLocal(p);
    publishVideo(p);
    String sid = Sids.next(Sids.TRACK);
    TrackInfo info = TrackInfo.newBuilder().setSid(sid).setType(TrackType.AUDIO)
        .setSource(TrackSource.MICROPHONE).setName("microphone").setMimeType("audio/opus")
        .setMuted(audioMuted).build();
    var track = media.newAudioTrack(sid, settings.sending());
    room.tracks().publish(p, new PublishedTrack(p.sid, info, track, "audio/opus", track::dispose));
  }

  private void publishVideo(Participant p) {
    String sid = Sids.next(Sids.TRACK);
    int w = media.width();
    int h = media.height();
    TrackInfo.Builder info = TrackInfo.newBuilder().setSid(sid).setType(TrackType.VIDEO)
        .setSource(TrackSource.CAMERA).setName("camera").setMimeType(media.codecMime())
        .setWidth(w).setHeight(h);
    SyntheticPublisher.Layers layers = media.layers();
    if (layers.lowWidth() > 0) {
      info.setSimulcast(true).addLayers(VideoLayer.newBuilder().setQuality(VideoQuality.LOW)
          .setWidth(layers.lowWidth()).setHeight(layers.lowHeight()));
    }
    info.addLayers(VideoLayer.newBuilder().setQuality(VideoQuality.HIGH).setWidth(w).setHeight(h));
    var track = media.newVideoTrack(sid, settings.sending());
    room.tracks().publish(p, new PublishedTrack(p.sid, info.build(), track, media.codecMime(),
        track::dispose));
  }

  /** Leaves the room: its tracks are unpublished and subscribers told. */
  void leave() {
    Participant p = participant;
    participant = null;
    if (p != null) {
      room.remove(p, DisconnectReason.CLIENT_INITIATED);
    }
  }

  void setAudioMuted(boolean muted) {
    audioMuted = muted;
    Participant p = participant;
    if (p != null) {
      for (PublishedTrack t : p.tracks.values()) {
        if (!t.isVideo()) {
          room.mute(p, t.sid(), muted);
        }
      }
    }
  }

  /** The camera changed size: its track info says so. */
  void resized(int width, int height) {
    Participant p = participant;
    if (p == null) {
      return;
    }
    for (PublishedTrack t : p.tracks.values()) {
      if (t.isVideo()) {
        t.setSize(width, height);
      }
    }
    room.announce(p);
  }

  /** Unpublishes the camera and publishes it again under a new track sid. */
  void moveVideo() {
    Participant p = participant;
    if (p == null) {
      return;
    }
    for (PublishedTrack t : java.util.List.copyOf(p.tracks.values())) {
      if (t.isVideo()) {
        room.tracks().unpublish(p, t);
      }
    }
    publishVideo(p);
  }

  /**
   * From now on sends a user packet of {@code bytes} zero bytes (topic {@code loopback}, numbered
   * by {@code sequence} from 1 in each session) {@code perSecond} times a second on every other
   * client's {@code _reliable} channel, while present; replaces an earlier rate.
   */
  void sendData(int perSecond, int bytes) {
    stopData();
    ByteString payload = ByteString.copyFrom(new byte[bytes]);
    data = room.thread().every(Duration.ofNanos(1_000_000_000L / perSecond), () -> {
      Participant p = participant;
      if (p != null) {
        room.tracks().relay(p, DataPacket.newBuilder().setSequence(++dataSequence)
            .setUser(UserPacket.newBuilder().setTopic("loopback").setPayload(payload)).build(),
            true);
      }
    });
  }

  void stopData() {
    if (data != null) {
      data.cancel(false);
      data = null;
    }
  }

  /**
   * Stops the camera's frames for {@code duration}: its subscribers are told the stream is
   * PAUSED now and ACTIVE when frames flow again. A second pause while paused moves the end.
   */
  void pauseVideo(Duration duration) {
    if (resume != null) {
      resume.cancel(false);
    }
    Participant p = participant;
    String sid = videoSid();
    if (pausedSid == null && p != null && sid != null) {
      media.setVideoPaused(true);
      pausedSid = sid;
      room.tracks().streamState(p, sid, StreamState.PAUSED);
    }
    resume = room.thread().schedule(this::resumeVideo, duration);
  }

  private void resumeVideo() {
    resume = null;
    media.setVideoPaused(false);
    Participant p = participant;
    String sid = pausedSid;
    pausedSid = null;
    if (p != null && sid != null && p.tracks.containsKey(sid)) {
      room.tracks().streamState(p, sid, StreamState.ACTIVE);
    }
  }

  /** The camera's current track sid, or null while away. */
  @Nullable String videoSid() {
    Participant p = participant;
    if (p == null) {
      return null;
    }
    return p.tracks.values().stream().filter(PublishedTrack::isVideo).map(PublishedTrack::sid)
        .findFirst().orElse(null);
  }
}
