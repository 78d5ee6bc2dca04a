package dev.liverec.app.server.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where webhooks go and how they are signed and retried. Immutable; build with {@link #builder}.
 * {@link #toString()} never shows the secret.
 */
public final class WebhookConfig {
  /** No receivers: nothing is sent. */
  public static final WebhookConfig NONE = new Builder().build();

  private final List<URI> urls;
  private final byte[] secret;
  private final String apiKey;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Duration requestTimeout;
  private final int queueCapacity;

  private WebhookConfig(Builder b) {
    this.urls = List.copyOf(b.urls);
    this.secret = b.secret.clone();
    this.apiKey = b.apiKey;
    this.maxAttempts = b.maxAttempts;
    this.firstBackoff = b.firstBackoff;
    this.maxBackoff = b.maxBackoff;
    this.requestTimeout = b.requestTimeout;
    this.queueCapacity = b.queueCapacity;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The receivers, each sent every event. */
  public List<URI> urls() {
    return urls;
  }

  byte[] secret() {
    return secret.clone();
  }

  /** The JWT's {@code iss}: the API key a LiveKit webhook receiver checks. */
  public String apiKey() {
    return apiKey;
  }

  /** Tries per event and receiver, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the second try; it doubles each time, up to {@link #maxBackoff()}. */
  public Duration firstBackoff() {
    return firstBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** How long one POST may take, connecting included. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Events waiting per receiver at most; more are dropped (and counted in the log). */
  public int queueCapacity() {
    return queueCapacity;
  }

  @Override
  public String toString() {
    return "WebhookConfig[" + urls.size() + " receiver(s), key " + apiKey + ", secret "
        + (secret.length == 0 ? "none" : "set") + ", " + maxAttempts + " attempts, backoff "
        + firstBackoff.toMillis() + ".." + maxBackoff.toMillis() + " ms, queue " + queueCapacity
        + "]";
  }

  /** Builds a {@link WebhookConfig}; every setter checks its value. */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private byte[] secret = new byte[0];
    private String apiKey = "liverec";
    private int maxAttempts = 5;
    private Duration firstBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int queueCapacity = 1000;

    private Builder() {}

    /**
     * Adds a receiver.
     *
     * @throws IllegalArgumentException unless it is an absolute http or https URL
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException("a webhook URL must be an absolute http(s) URL, got "
            + url);
      }
      urls.add(url);
      return this;
    }

    /**
     * The secret the webhooks are signed with (HS256).
     *
     * @throws IllegalArgumentException when shorter than 16 characters
     */
    public Builder secret(String value) {
      if (value.strip().length() < 16) {
        throw new IllegalArgumentException("the webhook secret must be at least 16 characters");
      }
      this.secret = value.strip().getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** The JWT's {@code iss} (default {@code liverec}). */
    public Builder apiKey(String value) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("the webhook API key must not be blank");
      }
      this.apiKey = value.strip();
      return this;
    }

    /** Tries per event and receiver, 1..20 (default 5). */
    public Builder maxAttempts(int value) {
      if (value < 1 || value > 20) {
        throw new IllegalArgumentException("webhook attempts must be within 1..20");
      }
      this.maxAttempts = value;
      return this;
    }

    /** The first and the longest wait between tries (default 500 ms and 30 s). */
    public Builder backoff(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0
          || max.toMinutes() > 10) {
        throw new IllegalArgumentException("webhook backoff must be positive, first <= max <= "
            + "10 min");
      }
      this.firstBackoff = first;
      this.maxBackoff = max;
      return this;
    }

    /** How long one POST may take (default 10 s). */
    public Builder requestTimeout(Duration value) {
      if (value.toMillis() < 100 || value.toMinutes() > 5) {
        throw new IllegalArgumentException("the webhook request timeout must be within "
            + "100 ms..5 min");
      }
      this.requestTimeout = value;
      return this;
    }

    /** Events waiting per receiver at most (default 1000). */
    public Builder queueCapacity(int value) {
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("the webhook queue must hold 1..100000 events");
      }
      this.queueCapacity = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException when there are receivers but no secret
     */
    public WebhookConfig build() {
      if (!urls.isEmpty() && secret.length == 0) {
        throw new IllegalArgumentException("webhooks need a secret to be signed with "
            + "(--webhook-secret-file)");
      }
      return new WebhookConfig(this);
    }
  }
}
