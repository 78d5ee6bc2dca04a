package dev.liverec.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingStatus;

/**
 * The app's JSON: snake_case field names, as the original service's status endpoint used
 * ({@code video_frames_received}, {@code zero_packet_streak}, ...).
 */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private Json() {}

  static ObjectNode result(RecordingResult result) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("state", result.state().name().toLowerCase(java.util.Locale.ROOT));
    node.put("success", result.succeeded());
    if (result.failureReason() != null) {
      node.put("reason", result.failureReason());
    }
    node.put("output_path", result.output().toString());
    node.put("file_size", result.bytes());
    node.put("media_duration_s", result.mediaDuration().toMillis() / 1000.0);
    node.set("stats", MAPPER.valueToTree(result.stats()));
    return node;
  }

  static ObjectNode status(RecordingStatus status, long fileSize) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("mint_id", status.name());
    node.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
    if (status.failureReason() != null) {
      node.put("reason", status.failureReason());
    }
    node.put("output_path", status.output().toString());
    node.put("file_size", fileSize);
    if (status.startedAt() != null) {
      node.put("started_at", status.startedAt().toString());
    }
    node.set("stats", MAPPER.valueToTree(status.stats()));
    return node;
  }
}
