package dev.liverec.livekit.webrtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCIceCandidate;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;

/** ICE candidates as LiveKit carries them: W3C {@code RTCIceCandidateInit} JSON. */
public final class IceCandidates {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IceCandidates() {}

  public static String toJson(RTCIceCandidate candidate) {
    ObjectNode node = JSON.createObjectNode();
    node.put("candidate", candidate.sdp);
    node.put("sdpMid", candidate.sdpMid);
    node.put("sdpMLineIndex", candidate.sdpMLineIndex);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an ICE candidate as JSON", e);
    }
  }

  /** A trickle message carrying {@code candidate} for the peer connection {@code target}. */
  public static TrickleRequest trickle(RTCIceCandidate candidate, SignalTarget target) {
    return TrickleRequest.newBuilder().setCandidateInit(toJson(candidate)).setTarget(target)
        .build();
  }

  /** @throws IllegalArgumentException when the JSON is not a candidate */
  public static RTCIceCandidate fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("ICE candidate is not JSON", e);
    }
    JsonNode candidate = node == null ? null : node.get("candidate");
    if (candidate == null || !candidate.isTextual()) {
      throw new IllegalArgumentException("ICE candidate JSON has no candidate field");
    }
    JsonNode mid = node.get("sdpMid");
    JsonNode index = node.get("sdpMLineIndex");
    return new RTCIceCandidate(
        mid == null || mid.isNull() ? "0" : mid.asText(),
        index == null || index.isNull() ? 0 : index.asInt(),
        candidate.asText());
  }
}
