package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * An API error with its HTTP status; the server answers {@code {"success":false,"reason":...}}.
 * The reason is meant for the caller and never holds secrets.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient @Nullable ObjectNode body;

  ApiException(int status, String reason) {
    this(status, reason, null);
  }

  /** An error answered with a full body (e.g. {@code /health} when not ok) instead of a reason. */
  ApiException(int status, String reason, @Nullable ObjectNode body) {
    super(reason);
    this.status = status;
    this.body = body;
  }

  /** 400: the request is malformed or names an unsafe id. */
  static ApiException badRequest(String reason) {
    return new ApiException(400, reason);
  }

  /** 401: the bearer token is missing or wrong. */
  static ApiException unauthorized(String reason) {
    return new ApiException(401, reason);
  }

  /** 404: no such recording or endpoint. */
  static ApiException notFound(String reason) {
    return new ApiException(404, reason);
  }

  /** 405: the endpoint exists but not for this method. */
  static ApiException methodNotAllowed(String reason) {
    return new ApiException(405, reason);
  }

  /** 409: the request conflicts with the recording's state (e.g. already recording). */
  static ApiException conflict(String reason) {
    return new ApiException(409, reason);
  }

  /** 413: the request body is over the server's limit. */
  static ApiException payloadTooLarge(String reason) {
    return new ApiException(413, reason);
  }

  /** 500: the recorder itself failed (encoder, disk). */
  static ApiException internal(String reason) {
    return new ApiException(500, reason);
  }

  /** 503: the server is at its recording limit or shutting down. */
  static ApiException unavailable(String reason) {
    return new ApiException(503, reason);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The body to answer with, when not the usual {@code success}/{@code reason} pair. */
  @Nullable ObjectNode body() {
    return body;
  }

  /** The reason shown to the caller. */
  public String reason() {
    return getMessage();
  }
}
