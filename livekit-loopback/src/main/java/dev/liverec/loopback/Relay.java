package dev.liverec.loopback;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import org.jspecify.annotations.Nullable;

/**
 * Forwards a track a client publishes to the room's subscribers: the decoded frames of the remote
 * track are pushed into a source of the server's sending stack, whose outgoing track every
 * subscriber's connection encodes again (the SFU double decodes and re-encodes; livekit-server
 * forwards packets). {@link #detach()} stops forwarding when the publisher unpublishes; {@link
 * #dispose()} frees the outgoing track and the source once no connection carries them.
 */
final class Relay {
  private final MediaStreamTrack remote;
  private final MediaStreamTrack outgoing;
  private final @Nullable CustomVideoSource videoSource;
  private final @Nullable CustomAudioSource audioSource;
  private final @Nullable VideoTrackSink videoSink;
  private final @Nullable AudioTrackSink audioSink;
  private final java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
  private boolean detached;

  Relay(MediaStreamTrack remote, String trackSid, PeerConnectionFactory sending) {
    this.remote = remote;
    if (remote instanceof VideoTrack video) {
      this.videoSource = new CustomVideoSource();
      this.audioSource = null;
      this.outgoing = sending.createVideoTrack(trackSid, videoSource);
      this.videoSink = frame -> {
        frames.incrementAndGet();
        videoSource.pushFrame(new VideoFrame(frame.buffer, System.nanoTime()));
      };
      this.audioSink = null;
      video.addSink(videoSink);
    } else if (remote instanceof AudioTrack audio) {
      this.videoSource = null;
      this.audioSource = new CustomAudioSource();
      this.outgoing = sending.createAudioTrack(trackSid, audioSource);
      this.videoSink = null;
      this.audioSink = audioSource::pushAudio;
      audio.addSink(audioSink);
    } else {
      throw new IllegalArgumentException("not an audio or video track: " + remote.getKind());
    }
  }

  MediaStreamTrack outgoing() {
    return outgoing;
  }

  /** Video frames forwarded so far (0 for audio). */
  long framesRelayed() {
    return frames.get();
  }

  /** Stops forwarding; idempotent. */
  void detach() {
    if (detached) {
      return;
    }
    detached = true;
    if (remote instanceof VideoTrack video && videoSink != null) {
      video.removeSink(videoSink);
    } else if (remote instanceof AudioTrack audio && audioSink != null) {
      audio.removeSink(audioSink);
    }
  }

  /** Frees the outgoing track and its source; every connection must have removed the track. */
  void dispose() {
    detach();
    outgoing.dispose();
    if (videoSource != null) {
      videoSource.dispose();
    }
    if (audioSource != null) {
      audioSource.dispose();
    }
  }
}
