package dev.liverec.loopback;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;

/**
 * A track published in a room: LiveKit's description of it ({@link TrackInfo}, whose sid names
 * it everywhere) and the server's outgoing WebRTC track that every subscriber's connection sends.
 * The outgoing track's id is the track sid, so subscribers see the msid {@code PA_sid TR_sid}
 * livekit-server uses. Owned by its room, which disposes the outgoing track once no connection
 * carries it.
 */
final class PublishedTrack {
  private final String participantSid;
  private final MediaStreamTrack outgoing;
  private final String codecMime;
  private final Runnable dispose;
  private TrackInfo info;

  /**
   * @param dispose frees the outgoing track and whatever feeds it; run once by the room when no
   *     connection carries the track any more
   */
  PublishedTrack(String participantSid, TrackInfo info, MediaStreamTrack outgoing,
      String codecMime, Runnable dispose) {
    this.participantSid = participantSid;
    this.info = info;
    this.outgoing = outgoing;
    this.codecMime = codecMime;
    this.dispose = dispose;
  }

  void dispose() {
    dispose.run();
  }

  String sid() {
    return info.getSid();
  }

  String participantSid() {
    return participantSid;
  }

  boolean isVideo() {
    return info.getType() == TrackType.VIDEO;
  }

  TrackInfo info() {
    return info;
  }

  MediaStreamTrack outgoing() {
    return outgoing;
  }

  /** The codec subscribers are offered first ({@code video/VP8}, {@code video/H264}, ...). */
  String codecMime() {
    return codecMime;
  }

  void setSize(int width, int height) {
    info = info.toBuilder().setWidth(width).setHeight(height).build();
  }

  void setMuted(boolean muted) {
    info = info.toBuilder().setMuted(muted).build();
  }

  /** The stream id of the subscriber's msid: {@code <participant sid>|<track sid>}. */
  String streamId() {
    return participantSid + "|" + sid();
  }
}
