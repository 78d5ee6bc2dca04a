package dev.liverec.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.liverec.app.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's own refusals (malformed requests, ambiguous paths, oversized headers) in the API's JSON
 * shape, {@code {"success": false, "reason": ...}}, without stack traces or server details.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final RequestLog requests;

  JsonErrorHandler(RequestLog requests) {
    this.requests = requests;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code,
      @Nullable String message, @Nullable Throwable cause, Callback callback) {
    byte[] body = json(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    requests.answered(request.getMethod(), request.getHttpURI().getPath(), code, 0,
        message == null ? "" : message);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    requests.answered("-", "(unparsable request)", status, 0, reason == null ? "" : reason);
    return ByteBuffer.wrap(json(status, reason));
  }

  private static byte[] json(int code, @Nullable String message) {
    String reason = message != null && !message.isBlank() ? message : HttpStatus.getMessage(code);
    try {
      return Json.MAPPER.writeValueAsBytes(ApiHandler.error("the request was refused: " + reason));
    } catch (JsonProcessingException e) {
      return "{\"success\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
