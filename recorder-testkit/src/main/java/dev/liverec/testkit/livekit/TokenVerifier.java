package dev.liverec.testkit.livekit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import java.util.Map;

/**
 * Checks access tokens the way LiveKit does: HS256 only, signed with the secret of the API key in
 * {@code iss}, {@code exp} required, one minute of leeway, a video grant with {@code roomJoin}.
 */
final class TokenVerifier {
  /** What a valid token allows. */
  record Grant(String identity, String room, boolean canSubscribe, boolean hidden) {}

  /** The token is not acceptable; the message is what the server answers with HTTP 401. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  private final String apiKey;
  private final JWTVerifier verifier;

  TokenVerifier(String apiKey, String apiSecret) {
    this.apiKey = apiKey;
    this.verifier = JWT.require(Algorithm.HMAC256(apiSecret))
        .withIssuer(apiKey)
        .acceptLeeway(60)
        .build();
  }

  Grant verify(String token) throws Rejected {
    DecodedJWT unverified;
    try {
      unverified = JWT.decode(token);
    } catch (JWTDecodeException e) {
      throw new Rejected("invalid token: not a JWT");
    }
    if (!apiKey.equals(unverified.getIssuer())) {
      throw new Rejected("invalid API key");
    }
    DecodedJWT jwt;
    try {
      jwt = verifier.verify(unverified);
    } catch (JWTVerificationException e) {
      throw new Rejected("invalid token: " + e.getMessage());
    }
    if (jwt.getExpiresAt() == null) {
      throw new Rejected("invalid token: exp is required");
    }
    Map<String, Object> video = jwt.getClaim("video").asMap();
    if (video == null || !Boolean.TRUE.equals(video.get("roomJoin"))) {
      throw new Rejected("permissions denied: the token has no roomJoin grant");
    }
    Object room = video.get("room");
    String identity = jwt.getSubject() != null ? jwt.getSubject() : jwt.getId();
    if (identity == null || identity.isBlank()) {
      throw new Rejected("invalid token: identity (sub) is missing");
    }
    return new Grant(identity, room == null ? "" : room.toString(),
        !Boolean.FALSE.equals(video.get("canSubscribe")),
        Boolean.TRUE.equals(video.get("hidden")));
  }
}
