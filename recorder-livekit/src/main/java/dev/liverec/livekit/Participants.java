package dev.liverec.livekit;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.jspecify.annotations.Nullable;

/**
 * The room's other participants as the server last described them, and the rule for choosing
 * whom to record. Used by the control thread only.
 */
final class Participants {
  private final Map<String, ParticipantInfo> bySid = new LinkedHashMap<>();

  /** Starts over from a join response's list. */
  void reset(List<ParticipantInfo> others) {
    bySid.clear();
    update(others);
  }

  /** Applies a participant update: newer versions replace older, DISCONNECTED removes. */
  void update(List<ParticipantInfo> changed) {
    for (ParticipantInfo p : changed) {
      ParticipantInfo known = bySid.get(p.getSid());
      if (known != null && p.getVersion() != 0 && known.getVersion() > p.getVersion()) {
        continue;
      }
      if (p.getState() == ParticipantInfo.State.DISCONNECTED) {
        bySid.remove(p.getSid());
      } else {
        bySid.put(p.getSid(), p);
      }
    }
  }

  /** Forgets a track the server says is gone ({@code track_unpublished}). */
  void removeTrack(String trackSid) {
    for (Map.Entry<String, ParticipantInfo> e : bySid.entrySet()) {
      ParticipantInfo p = e.getValue();
      for (int i = 0; i < p.getTracksCount(); i++) {
        if (p.getTracks(i).getSid().equals(trackSid)) {
          e.setValue(p.toBuilder().removeTracks(i).build());
          return;
        }
      }
    }
  }

  Optional<ParticipantInfo> get(String sid) {
    return Optional.ofNullable(bySid.get(sid));
  }

  /**
   * The participant to record: the one with {@code identity}, or else the earliest to join of
   * those publishing a camera or screen-share track.
   */
  Optional<ParticipantInfo> select(@Nullable String identity) {
    if (identity != null) {
      return bySid.values().stream().filter(p -> p.getIdentity().equals(identity)).findFirst();
    }
    return bySid.values().stream()
        .filter(p -> p.getTracksList().stream().anyMatch(Participants::isCameraOrScreen))
        .min(Comparator.comparingLong(ParticipantInfo::getJoinedAtMs));
  }

  /** The video to record by {@code preference}; other video sources never. */
  static Optional<TrackInfo> video(ParticipantInfo p, VideoPreference preference) {
    TrackSource first = preference == VideoPreference.SCREEN_SHARE_FIRST
        || preference == VideoPreference.SCREEN_SHARE_ONLY
        ? TrackSource.SCREEN_SHARE : TrackSource.CAMERA;
    TrackSource second = first == TrackSource.CAMERA ? TrackSource.SCREEN_SHARE : TrackSource.CAMERA;
    boolean only = preference == VideoPreference.CAMERA_ONLY
        || preference == VideoPreference.SCREEN_SHARE_ONLY;
    return p.getTracksList().stream()
        .filter(t -> t.getType() == TrackType.VIDEO)
        .filter(t -> !only || t.getSource() == first)
        .min(Comparator.comparingInt(t -> rank(t.getSource(), first, second)));
  }

  /** The audio to record: the microphone, else the screen share's audio, else any audio. */
  static Optional<TrackInfo> audio(ParticipantInfo p) {
    return p.getTracksList().stream()
        .filter(t -> t.getType() == TrackType.AUDIO)
        .min(Comparator.comparingInt(t -> rank(t.getSource(), TrackSource.MICROPHONE,
            TrackSource.SCREEN_SHARE_AUDIO)));
  }

  /**
   * The size a video track is published at: its largest simulcast layer, else the size in its
   * track info; empty when the publisher did not say (0x0).
   */
  static Optional<int[]> publishedSize(TrackInfo video) {
    int width = video.getWidth();
    int height = video.getHeight();
    for (var layer : video.getLayersList()) {
      if (layer.getWidth() * layer.getHeight() > width * height) {
        width = layer.getWidth();
        height = layer.getHeight();
      }
    }
    return width >= 2 && height >= 2 ? Optional.of(new int[] {width, height}) : Optional.empty();
  }

  private static boolean isCameraOrScreen(TrackInfo t) {
    return t.getType() == TrackType.VIDEO
        && (t.getSource() == TrackSource.CAMERA || t.getSource() == TrackSource.SCREEN_SHARE);
  }

  private static int rank(TrackSource source, TrackSource first, TrackSource second) {
    return source == first ? 0 : source == second ? 1 : 2;
  }
}
