package dev.liverec.app.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The guide's endpoints, independent of the HTTP server. Every answer is JSON with
 * {@code success}; errors are {@link ApiException}s with a status and a reason:
 *
 * <ul>
 *   <li>{@code POST /api/recording/start} {@code {"mint_id", "output_format"?, "video_quality"?}}
 *       - 200, 400 (bad body or id), 409 (already recording), 503 (limit, CPU budget, disk), 500
 *       (recorder, or nothing could be written)
 *   <li>{@code POST /api/recording/stop} {@code {"mint_id"}} - 200 with the result, 404, 500
 *   <li>{@code GET /api/recording/status/{mint_id}} - 200 with state, output path, file size,
 *       stats and {@code degraded}; 400, 404
 *   <li>{@code GET /api/recording/active}, {@code GET /health} (503 when not ok),
 *       {@code GET /ready} (503 when a start would be refused), {@code GET /api/livestream/active}
 * </ul>
 */
final class ApiRoutes {
  static final String START = "/api/recording/start";
  static final String STOP = "/api/recording/stop";
  private static final String STATUS_PREFIX = "/api/recording/status/";

  private final RecordingService recordings;
  private final SourceFactory sources;
  private final Supplier<ObjectNode> counters;
  private final Instant startedAt = Instant.now();

  ApiRoutes(RecordingService recordings, SourceFactory sources, Supplier<ObjectNode> counters) {
    this.recordings = recordings;
    this.sources = sources;
    this.counters = counters;
  }

  /** True for the endpoints that take a JSON body. */
  static boolean takesBody(String path) {
    return START.equals(path) || STOP.equals(path);
  }

  /** Answers a POST endpoint with its body. */
  ObjectNode post(String method, String path, byte[] body) {
    requireMethod(method, "POST");
    return switch (path) {
      case START -> start(read(body, StartRequest.class));
      case STOP -> stop(read(body, StopRequest.class));
      default -> throw notFound(path);
    };
  }

  /** Answers every endpoint without a body. */
  ObjectNode get(String method, String path) {
    if (takesBody(path)) {
      requireMethod(method, "POST");
    }
    switch (path) {
      case "/api/recording/active" -> {
        requireMethod(method, "GET");
        return active();
      }
      case "/api/livestream/active" -> {
        requireMethod(method, "GET");
        return liveStreams();
      }
      case "/health" -> {
        requireMethod(method, "GET");
        return health();
      }
      case "/ready" -> {
        requireMethod(method, "GET");
        return ready();
      }
      default -> {
        if (path.startsWith(STATUS_PREFIX)) {
          requireMethod(method, "GET");
          return status(MintId.parse(decode(path.substring(STATUS_PREFIX.length()))));
        }
        throw notFound(path);
      }
    }
  }

  private static ApiException notFound(String path) {
    return ApiException.notFound("no endpoint " + RequestLog.truncate(path, 100) + "; see /health");
  }

  private ObjectNode start(StartRequest request) {
    MintId id = MintId.parse(request.mintId());
    String format = request.outputFormat();
    if (format != null && !format.equalsIgnoreCase("mp4")) {
      throw ApiException.badRequest("output_format must be mp4");
    }
    VideoQuality quality = VideoQuality.parse(request.videoQuality());
    ObjectNode started = recordings.start(id, quality);
    ObjectNode node = success();
    node.put("message", "recording started");
    node.put("video_quality", quality.name().toLowerCase(Locale.ROOT));
    node.setAll(started);
    return node;
  }

  private ObjectNode stop(StopRequest request) {
    ObjectNode node = success();
    node.setAll(recordings.stop(MintId.parse(request.mintId())));
    return node;
  }

  private ObjectNode status(MintId id) {
    ObjectNode node = success();
    node.setAll(recordings.status(id));
    return node;
  }

  private ObjectNode active() {
    ObjectNode node = success();
    ArrayNode list = node.putArray("recordings");
    recordings.active().forEach(list::add);
    node.put("count", list.size());
    return node;
  }

  private ObjectNode liveStreams() {
    ObjectNode node = success();
    node.put("source", sources.describe());
    ArrayNode list = node.putArray("streams");
    for (SourceFactory.LiveStream stream : sources.liveStreams()) {
      ObjectNode s = list.addObject();
      s.put("name", stream.name());
      ArrayNode participants = s.putArray("participants");
      stream.participants().forEach(participants::add);
    }
    return node;
  }

  /**
   * {@code status} is "ok", "degraded" (sessions falling behind, or recent failures) or
   * "unavailable" (recordings cannot be written); anything but "ok" is answered with 503.
   */
  private ObjectNode health() {
    RecordingService.Health health = recordings.health();
    List<String> failures = health.recentFailures();
    List<String> problems = new ArrayList<>(health.problems());
    if (!failures.isEmpty()) {
      problems.add(failures.size() + " recording(s) failed in the last "
          + HealthState.FAILURE_MEMORY.toMinutes() + " min: " + failures.get(failures.size() - 1));
    }
    String status = health.unavailable() ? "unavailable" : problems.isEmpty() ? "ok" : "degraded";
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("success", problems.isEmpty());
    node.put("status", status);
    if (!problems.isEmpty()) {
      node.put("reason", String.join("; ", problems));
    }
    node.setAll(health.figures());
    node.put("source", sources.describe());
    node.put("uptime_s", Duration.between(startedAt, Instant.now()).toSeconds());
    ArrayNode list = node.putArray("problems");
    problems.forEach(list::add);
    ArrayNode recent = node.putArray("recent_failures");
    failures.forEach(recent::add);
    node.set("requests", counters.get());
    if (!problems.isEmpty()) {
      throw new ApiException(503, String.join("; ", problems), node);
    }
    return node;
  }

  private ObjectNode ready() {
    recordings.checkReady();
    ObjectNode node = success();
    node.put("ready", true);
    return node;
  }

  private static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiException.badRequest(
          "request body is empty; send JSON like {\"mint_id\": \"test_basic\"}");
    }
    T value;
    try {
      value = Json.STRICT_READER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", ", "; expected ", ""));
      throw ApiException.badRequest("unknown field '"
          + RequestLog.truncate(e.getPropertyName(), 64) + "'" + known);
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null
          : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw ApiException.badRequest(field == null
          ? "request body must be a JSON object"
          : "field '" + RequestLog.truncate(field, 64) + "' must be a string");
    } catch (JsonProcessingException e) {
      String what = e.getOriginalMessage();
      int cut = what.indexOf(" (");
      what = RequestLog.truncate(cut > 0 ? what.substring(0, cut) : what, 120);
      throw ApiException.badRequest(e.getLocation() == null ? "malformed JSON: " + what
          : "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ": " + what);
    } catch (JacksonException e) {
      throw ApiException.badRequest("malformed JSON");
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("malformed JSON");
    }
    if (value == null) {
      throw ApiException.badRequest("request body must be a JSON object");
    }
    return value;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed percent-encoding in the path");
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!expected.equals(method)) {
      throw ApiException.methodNotAllowed("use " + expected + " for this endpoint");
    }
  }

  private static ObjectNode success() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("success", true);
    return node;
  }
}
