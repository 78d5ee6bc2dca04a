package dev.liverec.app;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStats;
import dev.liverec.RecordingStatus;
import java.nio.file.Path;

/**
 * The app's JSON: snake_case field names, as the original service's status endpoint used
 * ({@code video_frames_received}, {@code zero_packet_streak}, ...).
 */
public final class Json {
  /** Writes responses and reports. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /**
   * Reads requests, strictly: unknown fields, duplicate fields and numbers where text belongs are
   * errors, so a typo in a script is reported rather than ignored.
   */
  public static final ObjectMapper STRICT_READER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(LogicalType.Textual, text -> text
              .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  /** Reads {@link #stats} back: the names it adds beside the record's are skipped. */
  private static final ObjectMapper STATS_READER = MAPPER.copy()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  /**
   * A session's statistics in snake_case, plus the two names the guide's scripts read that differ
   * from the record's ({@code pts_jitter_avg}, {@code pts_jitter_max}, in milliseconds).
   */
  public static ObjectNode stats(RecordingStats stats) {
    ObjectNode node = MAPPER.valueToTree(stats);
    node.put("pts_jitter_avg", stats.ptsJitterAvgMs());
    node.put("pts_jitter_max", stats.ptsJitterMaxMs());
    return node;
  }

  /** A finished session's result: state, success, reason, output path, size and stats. */
  public static ObjectNode result(RecordingResult result) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("state", result.state().name().toLowerCase(java.util.Locale.ROOT));
    node.put("success", result.succeeded());
    if (result.failureReason() != null) {
      node.put("reason", result.failureReason());
    }
    if (result.endReason() != null) {
      node.put("end_reason", result.endReason());
    }
    node.put("output_path", result.output().toString());
    node.put("file_size", result.bytes());
    node.put("media_duration_s", result.mediaDuration().toMillis() / 1000.0);
    node.set("stats", stats(result.stats()));
    return node;
  }

  /** A session's status: mint_id (the session name), state, output path, size and stats. */
  public static ObjectNode status(RecordingStatus status, long fileSize) {
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
    node.set("stats", stats(status.stats()));
    return node;
  }
  /** Reads what {@link #stats} wrote (its two extra names are ignored). */
  public static RecordingStats statsFrom(JsonNode node) {
    try {
      return STATS_READER.treeToValue(node, RecordingStats.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not a liverec stats object: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads what {@link #status} wrote. */
  public static RecordingStatus statusFrom(JsonNode node) {
    String started = node.path("started_at").asText(null);
    return new RecordingStatus(node.path("mint_id").asText(), state(node),
        node.path("reason").asText(null), Path.of(node.path("output_path").asText()),
        started == null ? null : java.time.Instant.parse(started), statsFrom(node.path("stats")));
  }

  /** Reads what {@link #result} wrote. */
  public static RecordingResult resultFrom(JsonNode node) {
    return new RecordingResult(state(node), node.path("reason").asText(null),
        Path.of(node.path("output_path").asText()),
        java.time.Duration.ofMillis(Math.round(node.path("media_duration_s").asDouble() * 1000)),
        node.path("file_size").asLong(), statsFrom(node.path("stats")),
        node.path("end_reason").asText(null), null);
  }

  private static RecordingState state(JsonNode node) {
    return RecordingState.valueOf(node.path("state").asText().toUpperCase(java.util.Locale.ROOT));
  }
}
