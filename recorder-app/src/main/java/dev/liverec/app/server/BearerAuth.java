package dev.liverec.app.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time (both sides are hashed first, so
 * not even the length leaks). Holds only the token's hash.
 */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";

  private final byte @Nullable [] expectedHash;

  /** No check at all when {@code token} is null. */
  BearerAuth(@Nullable String token) {
    this.expectedHash = token == null ? null : sha256(token);
  }

  boolean enabled() {
    return expectedHash != null;
  }

  /**
   * Passes a request whose Authorization header carries the token.
   *
   * @throws ApiException 401 otherwise
   */
  void check(@Nullable String authorizationHeader) {
    byte[] expected = expectedHash;
    if (expected == null) {
      return;
    }
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw ApiException.unauthorized("this server needs an 'Authorization: Bearer <token>' header");
    }
    String presented = authorizationHeader.substring(PREFIX.length()).trim();
    if (!MessageDigest.isEqual(expected, sha256(presented))) {
      throw ApiException.unauthorized("wrong bearer token");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
