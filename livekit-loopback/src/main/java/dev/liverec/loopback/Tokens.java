package dev.liverec.loopback;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Access tokens as livekit-server treats them: HS256 only, signed with the secret of the API key
 * in {@code iss}, {@code exp} required, one minute of leeway, a video grant with {@code roomJoin};
 * and the fresh tokens it hands out with {@code refresh_token} (the same grants, a new expiry).
 */
final class Tokens {
  /** What a valid token allows. */
  record Grant(String identity, String name, String room, boolean canSubscribe,
      boolean canPublish, boolean hidden, boolean recorder, Map<String, Object> video) {}

  /** The token is not acceptable; the message is what the server answers with HTTP 401. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  private final String apiKey;
  private final Algorithm algorithm;
  private final JWTVerifier verifier;

  Tokens(String apiKey, String apiSecret) {
    this.apiKey = apiKey;
    this.algorithm = Algorithm.HMAC256(apiSecret);
    this.verifier = JWT.require(algorithm).withIssuer(apiKey).acceptLeeway(60).build();
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
    String name = jwt.getClaim("name").asString();
    return new Grant(identity, name == null ? "" : name, room == null ? "" : room.toString(),
        !Boolean.FALSE.equals(video.get("canSubscribe")),
        !Boolean.FALSE.equals(video.get("canPublish")),
        Boolean.TRUE.equals(video.get("hidden")),
        Boolean.TRUE.equals(video.get("recorder")),
        video);
  }

  /** A new token with the same identity and grants, valid for {@code ttl}: refresh_token. */
  String refresh(Grant grant, Duration ttl) {
    Instant now = Instant.now();
    return JWT.create()
        .withIssuer(apiKey)
        .withSubject(grant.identity())
        .withClaim("name", grant.name())
        .withClaim("video", grant.video())
        .withNotBefore(now)
        .withExpiresAt(now.plus(ttl))
        .sign(algorithm);
  }
}
