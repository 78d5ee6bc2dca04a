package dev.liverec.livekit;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where and as whom {@link LiveKitFrameSource} joins, and whom it records. Immutable; build with
 * {@link #builder()}:
 *
 * <pre>{@code
 * LiveKitSourceConfig config = LiveKitSourceConfig.builder()
 *     .url("wss://my-project.livekit.cloud")
 *     .apiKey("APIxxxx", secret)          // mints a hidden, subscribe-only token ...
 *     .room("demo")                       // ... for this room
 *     .participant("streamer-1")          // optional: default is the first camera/screen publisher
 *     .build();
 * }</pre>
 *
 * <p>Give either a ready {@link Builder#token(String) token} or an API key and secret plus a room;
 * with a key the source mints its own short-lived token with LiveKit's {@code AccessToken} each
 * time it connects. {@link #toString()} never shows the token or the secret.
 */
public final class LiveKitSourceConfig {
  private final URI url;
  private final @Nullable String token;
  private final @Nullable String apiKey;
  private final @Nullable String apiSecret;
  private final @Nullable String room;
  private final String identity;
  private final @Nullable String participant;
  private final Duration connectTimeout;
  private final Duration participantTimeout;
  private final Duration tokenTtl;
  private final ReconnectPolicy reconnect;
  private final VideoPreference videoPreference;
  private final boolean recorderGrant;
  private final @Nullable Duration publisherGoneTimeout;

  private LiveKitSourceConfig(Builder b) {
    this.url = Objects.requireNonNull(b.url, "url");
    this.token = b.token;
    this.apiKey = b.apiKey;
    this.apiSecret = b.apiSecret;
    this.room = b.room;
    this.identity = b.identity != null ? b.identity : "liverec-" + UUID.randomUUID().toString()
        .substring(0, 8);
    this.participant = b.participant;
    this.connectTimeout = b.connectTimeout;
    this.participantTimeout = b.participantTimeout;
    this.tokenTtl = b.tokenTtl;
    this.reconnect = b.reconnect;
    this.videoPreference = b.videoPreference;
    this.recorderGrant = b.recorderGrant;
    this.publisherGoneTimeout = b.publisherGoneTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server's URL, {@code ws://}, {@code wss://}, {@code http://} or {@code https://}. */
  public URI url() {
    return url;
  }

  /** The ready token, or null when the source mints its own. */
  public @Nullable String token() {
    return token;
  }

  public @Nullable String apiKey() {
    return apiKey;
  }

  /** The API secret; package-private so that it is only read to sign tokens. */
  @Nullable String apiSecret() {
    return apiSecret;
  }

  /** The room to join; null when a ready token names it. */
  public @Nullable String room() {
    return room;
  }

  /** The recorder's own identity in minted tokens. */
  public String identity() {
    return identity;
  }

  /** Identity of the participant to record, or null for the first camera/screen publisher. */
  public @Nullable String participant() {
    return participant;
  }

  /** Longest time from start to a joined room, per attempt. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Longest wait for the participant to record to appear after joining. */
  public Duration participantTimeout() {
    return participantTimeout;
  }

  /** Lifetime of minted tokens. */
  public Duration tokenTtl() {
    return tokenTtl;
  }

  public ReconnectPolicy reconnect() {
    return reconnect;
  }

  /** Which video track of the participant is recorded. */
  public VideoPreference videoPreference() {
    return videoPreference;
  }

  /** Whether minted tokens carry LiveKit's {@code recorder} grant. */
  public boolean recorderGrant() {
    return recorderGrant;
  }

  /** How long the recording waits for a participant who left before it ends; null: forever. */
  public @Nullable Duration publisherGoneTimeout() {
    return publisherGoneTimeout;
  }

  /** True when the source signs its own tokens from an API key and secret. */
  public boolean mintsTokens() {
    return token == null;
  }

  @Override
  public String toString() {
    return "LiveKit[" + url + (room != null ? " room " + room : "")
        + (participant != null ? " participant " + participant : " first publisher")
        + (mintsTokens() ? " key " + apiKey : " ready token") + "]";
  }

  /** Builds a {@link LiveKitSourceConfig}; each setter checks its value at once. */
  public static final class Builder {
    private @Nullable URI url;
    private @Nullable String token;
    private @Nullable String apiKey;
    private @Nullable String apiSecret;
    private @Nullable String room;
    private @Nullable String identity;
    private @Nullable String participant;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration participantTimeout = Duration.ofSeconds(30);
    private Duration tokenTtl = Duration.ofHours(6);
    private ReconnectPolicy reconnect = ReconnectPolicy.defaults();
    private VideoPreference videoPreference = VideoPreference.CAMERA_FIRST;
    private boolean recorderGrant;
    private @Nullable Duration publisherGoneTimeout = Duration.ofMinutes(2);

    private Builder() {}

    /** The LiveKit server, e.g. {@code wss://my-project.livekit.cloud} or {@code ws://127.0.0.1:7880}. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      URI parsed;
      try {
        parsed = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a URL: " + url, e);
      }
      String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss") && !scheme.equals("http")
          && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "LiveKit URL must start with ws://, wss://, http:// or https://, got " + url);
      }
      if (parsed.getHost() == null) {
        throw new IllegalArgumentException("LiveKit URL has no host: " + url);
      }
      this.url = parsed;
      return this;
    }

    /** A ready access token (JWT) with a room-join grant; replaces key, secret and room. */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("token is blank");
      }
      this.token = token;
      return this;
    }

    /** API key and secret from which the source mints hidden, subscribe-only tokens. */
    public Builder apiKey(String apiKey, String apiSecret) {
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(apiSecret, "apiSecret");
      if (apiKey.isBlank() || apiSecret.isBlank()) {
        throw new IllegalArgumentException("API key and secret must not be blank");
      }
      this.apiKey = apiKey;
      this.apiSecret = apiSecret;
      return this;
    }

    /** The room to join when minting tokens. */
    public Builder room(String room) {
      Objects.requireNonNull(room, "room");
      if (room.isBlank()) {
        throw new IllegalArgumentException("room is blank");
      }
      this.room = room;
      return this;
    }

    /** The recorder's identity in minted tokens. Default {@code liverec-<random>}. */
    public Builder identity(String identity) {
      Objects.requireNonNull(identity, "identity");
      if (identity.isBlank()) {
        throw new IllegalArgumentException("identity is blank");
      }
      this.identity = identity;
      return this;
    }

    /** Records this participant; default: the first one publishing a camera or screen share. */
    public Builder participant(@Nullable String identity) {
      this.participant = identity == null || identity.isBlank() ? null : identity;
      return this;
    }

    /** Longest time to reach a joined room. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** Longest wait for the participant to appear once joined. Default 30 s. */
    public Builder participantTimeout(Duration timeout) {
      this.participantTimeout = positive(timeout, "participant timeout");
      return this;
    }

    /** Lifetime of minted tokens. Default 6 h; reconnects mint a fresh one. */
    public Builder tokenTtl(Duration ttl) {
      Duration checked = positive(ttl, "token TTL");
      if (checked.toSeconds() < 60) {
        throw new IllegalArgumentException("token TTL must be at least a minute");
      }
      this.tokenTtl = checked;
      return this;
    }

    /** What to do when the connection drops while recording. Default {@link ReconnectPolicy#defaults()}. */
    public Builder reconnect(ReconnectPolicy policy) {
      this.reconnect = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Which video track to record when the participant publishes several. Default camera first. */
    public Builder videoPreference(VideoPreference preference) {
      this.videoPreference = Objects.requireNonNull(preference, "preference");
      return this;
    }

    /**
     * Joins with LiveKit's {@code recorder} grant (minted tokens only). Two effects: the room shows
     * as being recorded ({@code active_recording}), and a room whose remaining participants are
     * all recorders closes, ending the recording. Default off.
     */
    public Builder recorderGrant(boolean recorder) {
      this.recorderGrant = recorder;
      return this;
    }

    /**
     * Once the recorded participant has left, end the recording after this long unless they (or,
     * without a named participant, another publisher) come back; null waits for ever. Default
     * 2 minutes.
     */
    public Builder publisherGoneTimeout(@Nullable Duration timeout) {
      this.publisherGoneTimeout = timeout == null ? null : positive(timeout, "publisher-gone timeout");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    /**
     * @throws IllegalStateException when the URL is missing, or neither a token nor key, secret
     *     and room were given
     */
    public LiveKitSourceConfig build() {
      if (url == null) {
        throw new IllegalStateException("set the LiveKit server URL with url(...)");
      }
      if (token == null && apiKey == null) {
        throw new IllegalStateException(
            "set either token(...) or apiKey(key, secret) plus room(...)");
      }
      if (token != null && apiKey != null) {
        throw new IllegalStateException("set either a token or an API key and secret, not both");
      }
      if (token == null && room == null) {
        throw new IllegalStateException("minting a token needs the room: set room(...)");
      }
      return new LiveKitSourceConfig(this);
    }
  }
}
