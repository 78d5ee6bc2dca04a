package dev.liverec.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.liverec.app.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading bounded request bodies and writing JSON answers on the JDK's HTTP server. */
final class HttpExchanges {
  private HttpExchanges() {}

  /**
   * The request body, at most {@code limit} bytes.
   *
   * @throws ApiException 413 when the declared or actual length is over the limit
   */
  static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Content-Length is not a number");
      }
      if (length > limit) {
        throw tooLarge(limit);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static ApiException tooLarge(int limit) {
    return ApiException.payloadTooLarge("request body is over the limit of " + limit + " bytes");
  }

  /** Sends a JSON answer and closes the exchange's output. */
  static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
