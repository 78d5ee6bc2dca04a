package dev.liverec.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the server under test, over real HTTP. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status code and parsed JSON body. */
  record Response(int status, JsonNode body) {
    boolean success() {
      return body.path("success").asBoolean(false);
    }

    String reason() {
      return body.path("reason").asText("");
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  ApiClient(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  ApiClient(int port) {
    this(port, null);
  }

  Response post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Response post(String path, byte[] body) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  Response get(String rawPath) throws IOException, InterruptedException {
    return send(request(rawPath).GET().build());
  }

  Response start(String mintId) throws IOException, InterruptedException {
    return post("/api/recording/start", JSON.createObjectNode().put("mint_id", mintId).toString());
  }

  Response stop(String mintId) throws IOException, InterruptedException {
    return post("/api/recording/stop", JSON.createObjectNode().put("mint_id", mintId).toString());
  }

  Response status(String mintId) throws IOException, InterruptedException {
    return get("/api/recording/status/" + mintId);
  }

  private HttpRequest.Builder request(String rawPath) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + rawPath)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    JsonNode node = body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    return new Response(response.statusCode(), node);
  }
}
