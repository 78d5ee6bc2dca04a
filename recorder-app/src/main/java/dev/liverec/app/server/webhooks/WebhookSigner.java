package dev.liverec.app.server.webhooks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs a webhook body as LiveKit signs its own: the {@code Authorization} header is a JWT (HS256,
 * signed with the secret) whose {@code iss} is the API key and whose {@code sha256} claim is the
 * base64 SHA-256 of the exact body bytes; it is valid for five minutes from {@code iat}. A receiver
 * verifies the JWT with the secret, then hashes the body it got and compares (LiveKit's
 * {@code WebhookReceiver} does both).
 */
public final class WebhookSigner {
  /** How long a signature is valid: room for retries and clock skew, not for replays. */
  static final Duration VALIDITY = Duration.ofMinutes(5);

  private final Algorithm algorithm;
  private final String apiKey;
  private final Clock clock;

  WebhookSigner(byte[] secret, String apiKey, Clock clock) {
    this.algorithm = Algorithm.HMAC256(secret);
    this.apiKey = apiKey;
    this.clock = clock;
  }

  /** The {@code Authorization} header value for this body. */
  public String sign(byte[] body) {
    Instant now = clock.instant();
    return JWT.create().withIssuer(apiKey).withIssuedAt(now).withNotBefore(now)
        .withExpiresAt(now.plus(VALIDITY)).withClaim("sha256", sha256(body)).sign(algorithm);
  }

  /** Base64 of the body's SHA-256, as the {@code sha256} claim carries it. */
  public static String sha256(byte[] body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
