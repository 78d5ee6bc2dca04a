package dev.liverec.app.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time (both sides are hashed first, so
 * not even the length leaks). Holds only the token's hash. A browser, which cannot add a bearer
 * header to a page it opens, may send the token as the password of HTTP Basic auth instead (any
 * user name): the status page asks for it that way.
 */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";
  private static final String BASIC = "Basic ";

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
    String presented = authorizationHeader == null ? null : presented(authorizationHeader);
    if (presented == null) {
      throw ApiException.unauthorized("this server needs an 'Authorization: Bearer <token>' header");
    }
    if (!MessageDigest.isEqual(expected, sha256(presented))) {
      throw ApiException.unauthorized("wrong bearer token");
    }
  }

  /** The token a Bearer header carries, or a Basic header's password; null for anything else. */
  private static @Nullable String presented(String header) {
    if (header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return header.substring(PREFIX.length()).trim();
    }
    if (header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      try {
        String pair = new String(java.util.Base64.getDecoder().decode(
            header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1);
      } catch (IllegalArgumentException notBase64) {
        return null;
      }
    }
    return null;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
