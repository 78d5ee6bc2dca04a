package dev.liverec.loopback;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a track's own codec first in the offer, as livekit-server forwards what the publisher
 * sent: a VP9 publisher's subscribers are offered VP9 first. The other codecs stay behind it.
 */
final class CodecPreferences {
  private static final Logger log = LoggerFactory.getLogger(CodecPreferences.class);

  private final List<RTCRtpCodecCapability> video;
  private final List<RTCRtpCodecCapability> audio;

  CodecPreferences(PeerConnectionFactory factory) {
    this.video = factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs();
    this.audio = factory.getRtpSenderCapabilities(MediaType.AUDIO).getCodecs();
  }

  /** Video codec names this side can send ({@code VP8}, {@code H264}, ...). */
  List<String> videoCodecs() {
    return video.stream().map(RTCRtpCodecCapability::getName).distinct().toList();
  }

  void prefer(RTCRtpTransceiver transceiver, String mime) {
    String name = mime.substring(mime.indexOf('/') + 1).toUpperCase(Locale.ROOT);
    List<RTCRtpCodecCapability> all = mime.toLowerCase(Locale.ROOT).startsWith("video/") ? video : audio;
    List<RTCRtpCodecCapability> ordered = new ArrayList<>();
    for (RTCRtpCodecCapability c : all) {
      if (c.getName().equalsIgnoreCase(name)) {
        ordered.add(c);
      }
    }
    if (ordered.isEmpty()) {
      log.warn("loopback: this WebRTC build cannot send {}; subscribers get its default", mime);
      return;
    }
    for (RTCRtpCodecCapability c : all) {
      if (!c.getName().equalsIgnoreCase(name)) {
        ordered.add(c);
      }
    }
    try {
      transceiver.setCodecPreferences(ordered);
    } catch (RuntimeException e) {
      log.warn("loopback: could not prefer {}: {}", mime, e.toString());
    }
  }
}
