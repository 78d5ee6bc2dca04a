package dev.liverec.loopback;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a track is encoded for a subscriber: its own codec first in the offer, as livekit-server
 * forwards what the publisher sent (a VP9 publisher's subscribers are offered VP9 first, the other
 * codecs behind it), and video at a bit-rate floor.
 */
final class CodecPreferences {
  private static final Logger log = LoggerFactory.getLogger(CodecPreferences.class);
  private static final int MIN_VIDEO_BIT_RATE = 2_500_000;
  private static final int MAX_VIDEO_BIT_RATE = 8_000_000;

  private final List<RTCRtpCodecCapability> video;
  private final List<RTCRtpCodecCapability> audio;

  CodecPreferences(PeerConnectionFactory factory) {
    this.video = factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs();
    this.audio = factory.getRtpSenderCapabilities(MediaType.AUDIO).getCodecs();
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

  /**
   * The double encodes again what livekit-server would only forward. At WebRTC's start rate
   * (300 kbit/s) its encoder would halve the picture and drop frames until its estimate ramps up,
   * which a forwarding SFU never does; a floor keeps the published size and frame rate. The
   * layer a real SFU starts on is modelled on purpose instead ({@code startOnLowLayer}).
   */
  static void keepBitRateUp(RTCRtpSender sender) {
    RTCRtpSendParameters parameters = sender.getParameters();
    if (parameters == null || parameters.encodings == null) {
      return;
    }
    for (RTCRtpEncodingParameters encoding : parameters.encodings) {
      encoding.minBitrate = MIN_VIDEO_BIT_RATE;
      encoding.maxBitrate = MAX_VIDEO_BIT_RATE;
      encoding.maxFramerate = 60.0;
    }
    sender.setParameters(parameters);
  }
}
