package dev.liverec.loopback;

import dev.liverec.testkit.Scenario;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link LoopbackLiveKitServer}; made with {@link #builder()}.
 *
 * @param host address to listen on; 127.0.0.1 unless a test network needs another
 * @param port TCP port, 0 for a free one
 * @param room the default room, where the built-in publisher is
 * @param autoCreateRooms whether a join to another room creates it (livekit-server's {@code
 *     room.auto_create}); otherwise such a join gets HTTP 404
 * @param publish whether the default room has the built-in synthetic publisher
 * @param codec the video codec the built-in publisher's subscribers are offered first
 * @param layers the low simulcast layer the built-in publisher starts on, and when it steps up
 * @param resumeWindow how long a participant whose signalling dropped is kept for a resume
 * @param mediaRelay whether each client reaches its subscriber connection only through a UDP
 *     relay on 127.0.0.1 the server can interrupt ({@link LoopbackFaults#interruptMedia})
 */
public record LoopbackOptions(
    String host,
    int port,
    String apiKey,
    String apiSecret,
    String room,
    boolean autoCreateRooms,
    boolean publish,
    String publisherIdentity,
    Scenario scenario,
    Codec codec,
    SyntheticPublisher.Layers layers,
    int pingIntervalSeconds,
    Duration tokenRefreshInterval,
    Duration tokenTtl,
    Duration resumeWindow,
    boolean mediaRelay) {

  /** Video codecs the built-in publisher can be forwarded in. */
  public enum Codec {
    VP8("video/VP8"),
    H264("video/H264"),
    VP9("video/VP9"),
    AV1("video/AV1");

    private final String mime;

    Codec(String mime) {
      this.mime = mime;
    }

    public String mime() {
      return mime;
    }
  }

  public LoopbackOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(apiSecret, "apiSecret");
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(publisherIdentity, "publisherIdentity");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(layers, "layers");
  }

  public static Builder builder() {
    return new Builder();
  }

  static void checkSize(int width, int height) {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("a picture size must be even and at least 16x16, got "
          + width + "x" + height);
    }
  }

  /** Builds {@link LoopbackOptions}; every setter checks its value. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String apiKey = "devkey";
    private String apiSecret = "loopback-secret-of-at-least-32-chars";
    private String room = "demo";
    private boolean autoCreateRooms = true;
    private boolean publish = true;
    private String publisherIdentity = "publisher";
    private int width = 640;
    private int height = 360;
    private int frameRate = 30;
    private int sampleRate = 48_000;
    private int channels = 1;
    private @Nullable Scenario scenario;
    private Codec codec = Codec.VP8;
    private SyntheticPublisher.Layers layers = SyntheticPublisher.Layers.NONE;
    private int pingIntervalSeconds = 5;
    private Duration tokenRefreshInterval = Duration.ofMinutes(5);
    private Duration tokenTtl = Duration.ofMinutes(10);
    private Duration resumeWindow = Duration.ofSeconds(15);
    private @Nullable Boolean mediaRelay;

    private Builder() {}

    /** Address to listen on. Default 127.0.0.1. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535");
      }
      this.port = port;
      return this;
    }

    /** The API key and secret tokens must be signed with. */
    public Builder apiKey(String apiKey, String apiSecret) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
      if (apiKey.isBlank() || apiSecret.isBlank()) {
        throw new IllegalArgumentException("API key and secret must not be blank");
      }
      return this;
    }

    /** The default room, which exists from the start. Default {@code demo}. */
    public Builder room(String room) {
      this.room = Objects.requireNonNull(room, "room");
      return this;
    }

    /** Whether joins create other rooms (default true, like livekit-server); false: HTTP 404. */
    public Builder autoCreateRooms(boolean autoCreate) {
      this.autoCreateRooms = autoCreate;
      return this;
    }

    /** Whether the default room has the built-in publisher (default true). */
    public Builder publish(boolean publish) {
      this.publish = publish;
      return this;
    }

    /** Identity of the built-in publisher. Default {@code publisher}. */
    public Builder publisherIdentity(String identity) {
      this.publisherIdentity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** The built-in publisher's picture size. Default 640x360. */
    public Builder resolution(int width, int height) {
      checkSize(width, height);
      this.width = width;
      this.height = height;
      return this;
    }

    /** The built-in publisher's frame rate. Default 30. */
    public Builder frameRate(int fps) {
      if (fps < 1 || fps > 60) {
        throw new IllegalArgumentException("frame rate must be within 1..60");
      }
      this.frameRate = fps;
      return this;
    }

    /** The built-in publisher's PCM format. Default 48 kHz mono. */
    public Builder audioFormat(int sampleRate, int channels) {
      if (sampleRate % 100 != 0 || channels < 1 || channels > 2) {
        throw new IllegalArgumentException("sample rate must be a multiple of 100, 1 or 2 channels");
      }
      this.sampleRate = sampleRate;
      this.channels = channels;
      return this;
    }

    /**
     * Publishes a testkit scenario in real time instead of the endless default stream; when it
     * ends the publisher leaves the room. Overrides size, frame rate and audio format.
     */
    public Builder scenario(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
      return this;
    }

    /** The video codec subscribers are offered for the built-in camera. Default VP8. */
    public Builder codec(Codec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * The built-in camera starts on a low simulcast layer of {@code width x height} and steps up
     * to its published size after {@code after}, as livekit-server's forwarder does when it has
     * only seen the low layer at subscription time.
     */
    public Builder startOnLowLayer(int width, int height, Duration after) {
      checkSize(width, height);
      if (after.isNegative()) {
        throw new IllegalArgumentException("the step up cannot be in the past");
      }
      this.layers = new SyntheticPublisher.Layers(width, height, after);
      return this;
    }

    /** The keepalive interval the server asks clients for (timeout three times it). Default 5 s. */
    public Builder pingInterval(int seconds) {
      if (seconds < 1 || seconds > 60) {
        throw new IllegalArgumentException("ping interval must be within 1..60 s");
      }
      this.pingIntervalSeconds = seconds;
      return this;
    }

    /** How often a fresh token is sent ({@code refresh_token}); default 5 min. */
    public Builder tokenRefresh(Duration interval, Duration ttl) {
      if (interval.compareTo(Duration.ofMillis(100)) < 0 || ttl.compareTo(interval) <= 0) {
        throw new IllegalArgumentException("refresh at least every 100 ms, with a longer TTL");
      }
      this.tokenRefreshInterval = interval;
      this.tokenTtl = ttl;
      return this;
    }

    /** How long a participant whose signalling dropped is kept for a resume. Default 15 s. */
    public Builder resumeWindow(Duration window) {
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the resume window must be positive");
      }
      this.resumeWindow = window;
      return this;
    }

    /**
     * Whether each client's subscriber connection is reached only through a UDP relay on
     * 127.0.0.1 that {@link LoopbackFaults#interruptMedia} can interrupt. Default: on
     * when the server listens on a loopback address (clients are on this machine), off otherwise
     * (clients elsewhere must be told the host's real candidates).
     */
    public Builder mediaRelay(boolean relay) {
      this.mediaRelay = relay;
      return this;
    }

    public LoopbackOptions build() {
      Scenario s = scenario != null ? scenario
          : Scenario.builder().name("live").size(width, height).frameRate(frameRate)
              .audio(sampleRate, channels).playForever().build();
      boolean relay = mediaRelay != null ? mediaRelay
          : host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
      return new LoopbackOptions(host, port, apiKey, apiSecret, room, autoCreateRooms, publish,
          publisherIdentity, s, codec, layers, pingIntervalSeconds, tokenRefreshInterval, tokenTtl,
          resumeWindow, relay);
    }

    /** Starts a server; @throws IllegalStateException when the port is taken. */
    public LoopbackLiveKitServer start() {
      return LoopbackLiveKitServer.start(build());
    }
  }
}
