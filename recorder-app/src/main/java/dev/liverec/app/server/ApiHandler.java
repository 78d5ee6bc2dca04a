package dev.liverec.app.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.liverec.RecordingResult;
import dev.liverec.app.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's endpoints. Every answer is JSON with {@code success}; errors add a {@code reason}:
 *
 * <ul>
 *   <li>{@code POST /api/recording/start} {@code {"mint_id", "output_format"?, "video_quality"?}}
 *       - 200, 400 (bad body or id), 409 (already recording), 503 (limit), 500 (recorder)
 *   <li>{@code POST /api/recording/stop} {@code {"mint_id"}} - 200 with the result, 404, 500
 *   <li>{@code GET /api/recording/status/{mint_id}} - 200 with state, output path, file size and
 *       stats; 400, 404
 *   <li>{@code GET /api/recording/active}, {@code GET /health}, {@code GET /api/livestream/active}
 * </ul>
 *
 * <p>With a token configured every endpoint needs it (401). Bodies over the limit get 413.
 */
final class ApiHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  private static final String STATUS_PREFIX = "/api/recording/status/";
  private static final int MAX_REASON = 300;

  private final RecordingRegistry registry;
  private final SourceFactory sources;
  private final BearerAuth auth;
  private final int maxBodyBytes;
  private final Instant startedAt = Instant.now();

  ApiHandler(RecordingRegistry registry, SourceFactory sources, BearerAuth auth, int maxBodyBytes) {
    this.registry = registry;
    this.sources = sources;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    int status;
    String reason = "";
    try {
      auth.check(exchange.getRequestHeaders().getFirst("Authorization"));
      ObjectNode body = route(exchange, method, path);
      status = body.path("success").asBoolean(true) ? 200 : 500;
      HttpExchanges.sendJson(exchange, status, body);
    } catch (InvalidMintIdException e) {
      status = 400;
      reason = e.getMessage();
      HttpExchanges.sendJson(exchange, status, error(reason));
    } catch (ApiException e) {
      status = e.status();
      reason = e.reason();
      if (status == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"liverec\"");
      }
      HttpExchanges.sendJson(exchange, status, error(e.reason()));
    } catch (IOException e) {
      status = -1;
      log.debug("{} {}: connection failed: {}", method, path, e.toString());
    } catch (RuntimeException e) {
      status = 500;
      log.error("{} {} failed", method, path, e);
      HttpExchanges.sendJson(exchange, status, error("internal error: " + e.getClass().getSimpleName()));
    } finally {
      exchange.close();
    }
    log.info("{} {} -> {} ({} ms){}", method, printable(truncate(path, 200)), status,
        (System.nanoTime() - started) / 1_000_000, reason.isEmpty() ? "" : ": " + printable(reason));
  }

  private ObjectNode route(HttpExchange exchange, String method, String path) throws IOException {
    switch (path) {
      case "/api/recording/start" -> {
        requireMethod(method, "POST");
        return start(read(exchange, StartRequest.class));
      }
      case "/api/recording/stop" -> {
        requireMethod(method, "POST");
        return stop(read(exchange, StopRequest.class));
      }
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
      default -> {
        if (path.startsWith(STATUS_PREFIX)) {
          requireMethod(method, "GET");
          return status(MintId.parse(decode(path.substring(STATUS_PREFIX.length()))));
        }
        throw ApiException.notFound("no endpoint " + truncate(path, 100) + "; see /health");
      }
    }
  }

  private ObjectNode start(StartRequest request) {
    MintId id = MintId.parse(request.mintId());
    String format = request.outputFormat();
    if (format != null && !format.equalsIgnoreCase("mp4")) {
      throw ApiException.badRequest("output_format must be mp4");
    }
    VideoQuality quality = VideoQuality.parse(request.videoQuality());
    RecordingRegistry.View view = registry.start(id, quality);
    ObjectNode node = success();
    node.put("message", "recording started");
    node.put("video_quality", quality.name().toLowerCase(Locale.ROOT));
    node.setAll(Json.status(view.status(), view.fileSize()));
    return node;
  }

  private ObjectNode stop(StopRequest request) {
    MintId id = MintId.parse(request.mintId());
    RecordingResult result = registry.stop(id);
    ObjectNode node = success();
    node.put("mint_id", id.value());
    node.setAll(Json.result(result));
    return node;
  }

  private ObjectNode status(MintId id) {
    RecordingRegistry.View view = registry.status(id);
    ObjectNode node = success();
    node.setAll(Json.status(view.status(), view.fileSize()));
    return node;
  }

  private ObjectNode active() {
    ObjectNode node = success();
    ArrayNode list = node.putArray("recordings");
    for (RecordingRegistry.View view : registry.active()) {
      list.add(Json.status(view.status(), view.fileSize()));
    }
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

  private ObjectNode health() {
    ObjectNode node = success();
    node.put("status", "ok");
    node.put("active_recordings", registry.activeCount());
    node.put("source", sources.describe());
    node.put("uptime_s", Duration.between(startedAt, Instant.now()).toSeconds());
    return node;
  }

  private <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    byte[] body = HttpExchanges.readBody(exchange, maxBodyBytes);
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty; send JSON like {\"mint_id\": \"test_basic\"}");
    }
    T value;
    try {
      value = Json.STRICT_READER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", ", "; expected ", ""));
      throw ApiException.badRequest("unknown field '" + truncate(e.getPropertyName(), 64) + "'" + known);
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw ApiException.badRequest(field == null
          ? "request body must be a JSON object"
          : "field '" + truncate(field, 64) + "' must be a string");
    } catch (JsonProcessingException e) {
      String what = e.getOriginalMessage();
      int cut = what.indexOf(" (");
      what = truncate(cut > 0 ? what.substring(0, cut) : what, 120);
      throw ApiException.badRequest(e.getLocation() == null ? "malformed JSON: " + what
          : "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ": " + what);
    } catch (JacksonException e) {
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

  private static JsonNode error(String reason) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("success", false);
    node.put("reason", truncate(reason, MAX_REASON));
    return node;
  }

  /** Keeps a log line one line: control characters become '?'. */
  private static String printable(String text) {
    return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
