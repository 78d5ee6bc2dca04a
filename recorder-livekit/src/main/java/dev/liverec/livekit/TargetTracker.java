package dev.liverec.livekit;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.SourceEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import org.jspecify.annotations.Nullable;

/**
 * Whom the recording follows and which of their tracks: one participant (the named one, else the
 * earliest publishing a camera or screen share, else whoever was recorded before a rejoin), one
 * video track by {@link VideoPreference} and one audio track. Every change becomes requests to the
 * server (subscribe the new track, unsubscribe the one no longer wanted) and source events
 * (published size, mutes, "recording X", "X left"). Control thread only, except {@link #wants},
 * which WebRTC's thread asks before it binds a track to a sink.
 */
final class TargetTracker {
  /** What the tracker asks of the source. */
  interface Actions {
    void subscribe(String participantSid, Set<String> trackSids, boolean subscribe);

    void emit(SourceEvent event);

    void audioLive(boolean live);

    /** The followed participant is there now ({@code identity}) or gone ({@code null}). */
    void targetChanged(@Nullable String identity);

    /** Asks the SFU to forward its top layer of a video track, at its published size. */
    void topLayer(String trackSid, int width, int height);
  }

  private final @Nullable String named;
  private final VideoPreference preference;
  private final Actions actions;
  private final Participants participants = new Participants();
  private @Nullable String targetSid;
  private @Nullable String lastIdentity;
  private @Nullable String videoSid;
  private @Nullable String audioSid;
  private volatile Set<String> wanted = Set.of();
  private volatile @Nullable String identity;
  private boolean videoLive;
  private boolean audioLive;
  private boolean videoMutedAnnounced;
  private boolean audioMutedAnnounced;

  TargetTracker(@Nullable String named, VideoPreference preference, Actions actions) {
    this.named = named;
    this.preference = preference;
    this.actions = actions;
  }

  /** A fresh session's participants: nothing is subscribed on it yet. */
  void joined(List<ParticipantInfo> others) {
    forget();
    participants.reset(others);
    reconcile();
  }

  void update(List<ParticipantInfo> updates) {
    participants.update(updates);
    reconcile();
  }

  void trackUnpublished(String trackSid) {
    participants.removeTrack(trackSid);
    reconcile();
  }

  /** Whether the recording has its participant and at least one of their tracks. */
  boolean ready() {
    return !wanted.isEmpty();
  }

  /** Whether {@code trackSid} is one the recording takes now. Any thread. */
  boolean wants(String trackSid) {
    return wanted.contains(trackSid);
  }

  Set<String> wanted() {
    return wanted;
  }

  @Nullable String identity() {
    return identity;
  }

  /** The video track recorded now, if any. */
  @Nullable String videoSid() {
    return videoSid;
  }

  /** After a lost session: nothing is subscribed, media is missing (not muted). */
  void forget() {
    targetSid = null;
    videoSid = null;
    audioSid = null;
    wanted = Set.of();
    videoLive = false;
    audioLive = false;
    actions.audioLive(false);
  }

  private void reconcile() {
    Optional<ParticipantInfo> current =
        targetSid == null ? Optional.empty() : participants.get(targetSid);
    if (current.isEmpty()) {
      if (targetSid != null) {
        actions.emit(SourceEvent.notice("participant " + identity + " left"));
        setLive(false, false);
        targetSid = null;
        identity = null;
        videoSid = null;
        audioSid = null;
        wanted = Set.of();
        actions.targetChanged(null);
      }
      current = choose();
      if (current.isEmpty()) {
        return;
      }
      targetSid = current.get().getSid();
      identity = current.get().getIdentity();
      lastIdentity = identity;
      actions.emit(SourceEvent.notice("recording participant " + identity));
      actions.targetChanged(identity);
    }
    follow(current.get());
  }

  private Optional<ParticipantInfo> choose() {
    String wantedIdentity = named != null ? named : lastIdentity;
    Optional<ParticipantInfo> chosen = participants.select(wantedIdentity);
    if (chosen.isEmpty() && named == null) {
      chosen = participants.select(null);
    }
    return chosen;
  }

  /** Subscribes what the target publishes now by the rules, unsubscribes what it replaced. */
  private void follow(ParticipantInfo target) {
    Optional<TrackInfo> video = Participants.video(target, preference);
    Optional<TrackInfo> audio = Participants.audio(target);
    String newVideo = video.map(TrackInfo::getSid).orElse(null);
    String newAudio = audio.map(TrackInfo::getSid).orElse(null);
    Set<String> drop = new LinkedHashSet<>();
    Set<String> add = new LinkedHashSet<>();
    replace(videoSid, newVideo, target, drop, add);
    replace(audioSid, newAudio, target, drop, add);
    boolean newVideoTrack = newVideo != null && !newVideo.equals(videoSid);
    videoSid = newVideo;
    audioSid = newAudio;
    Set<String> now = new LinkedHashSet<>();
    if (newVideo != null) {
      now.add(newVideo);
    }
    if (newAudio != null) {
      now.add(newAudio);
    }
    wanted = Set.copyOf(now);
    if (!drop.isEmpty()) {
      actions.subscribe(target.getSid(), drop, false);
    }
    Optional<int[]> size = newVideoTrack
        ? Participants.publishedSize(video.get()) : Optional.empty();
    size.ifPresent(wh -> actions.emit(SourceEvent.videoSize(wh[0], wh[1])));
    if (!add.isEmpty()) {
      actions.subscribe(target.getSid(), add, true);
    }
    size.ifPresent(wh -> actions.topLayer(newVideo, wh[0], wh[1]));
    setLive(video.map(t -> !t.getMuted()).orElse(false), audio.map(t -> !t.getMuted()).orElse(false));
  }

  private static void replace(@Nullable String old, @Nullable String now, ParticipantInfo target,
      Set<String> drop, Set<String> add) {
    if (Objects.equals(old, now)) {
      return;
    }
    if (old != null && target.getTracksList().stream().anyMatch(t -> t.getSid().equals(old))) {
      drop.add(old);
    }
    if (now != null) {
      add.add(now);
    }
  }

  /** Emits mute/unmute events on changes; the first unmuted state needs no event. */
  private void setLive(boolean videoNow, boolean audioNow) {
    if (videoNow != videoLive) {
      videoLive = videoNow;
      if (!videoNow) {
        videoMutedAnnounced = true;
        actions.emit(SourceEvent.muted(TrackKind.VIDEO));
      } else if (videoMutedAnnounced) {
        videoMutedAnnounced = false;
        actions.emit(SourceEvent.unmuted(TrackKind.VIDEO));
      }
    }
    if (audioNow != audioLive) {
      audioLive = audioNow;
      actions.audioLive(audioNow);
      if (!audioNow) {
        audioMutedAnnounced = true;
        actions.emit(SourceEvent.muted(TrackKind.AUDIO));
      } else if (audioMutedAnnounced) {
        audioMutedAnnounced = false;
        actions.emit(SourceEvent.unmuted(TrackKind.AUDIO));
      }
    }
  }
}
