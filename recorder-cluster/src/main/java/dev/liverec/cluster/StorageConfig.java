package dev.liverec.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where workers stream recordings: an S3-compatible store (AWS S3, MinIO, S3Proxy, ...), bucket and
 * key prefix, and how far behind the live edge the store may be. Immutable; {@link #toString()}
 * never shows the secret.
 *
 * <pre>{@code
 * StorageConfig storage = StorageConfig.builder("s3://recordings/fleet-a")
 *     .endpoint(URI.create("http://minio:9000")).credentials(key, secret).build();
 * }</pre>
 */
public final class StorageConfig {
  /** Smallest multipart part AWS S3 accepts (all but the last). */
  public static final long S3_MINIMUM_PART_BYTES = 5L << 20;

  private final String bucket;
  private final String prefix;
  private final @Nullable URI endpoint;
  private final String region;
  private final @Nullable String accessKey;
  private final @Nullable String secretKey;
  private final boolean pathStyle;
  private final Duration uploadInterval;
  private final long partBytes;

  private StorageConfig(Builder b) {
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.pathStyle = b.pathStyle;
    this.uploadInterval = b.uploadInterval;
    this.partBytes = b.partBytes;
  }

  /**
   * A config for {@code s3://bucket[/prefix]}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Builder builder(String location) {
    URI uri = URI.create(location);
    if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("storage must look like s3://bucket/prefix, got " + location);
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    return new Builder(uri.getHost(), path);
  }

  public String bucket() {
    return bucket;
  }

  /** Key prefix without slashes at either end; may be empty. */
  public String prefix() {
    return prefix;
  }

  /** The S3 API endpoint; null for AWS's own. */
  public @Nullable URI endpoint() {
    return endpoint;
  }

  public String region() {
    return region;
  }

  public @Nullable String accessKey() {
    return accessKey;
  }

  public @Nullable String secretKey() {
    return secretKey;
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  /** The store is at most about this far behind the recording's last complete fragment. */
  public Duration uploadInterval() {
    return uploadInterval;
  }

  /** Bytes per multipart part, except the last. */
  public long partBytes() {
    return partBytes;
  }

  @Override
  public String toString() {
    return "StorageConfig[s3://" + bucket + "/" + prefix + (endpoint != null ? " at " + endpoint : "")
        + ", upload every " + uploadInterval.toMillis() + " ms, parts of " + partBytes + " bytes]";
  }

  /** Builds a {@link StorageConfig}. */
  public static final class Builder {
    private final String bucket;
    private final String prefix;
    private @Nullable URI endpoint;
    private String region = "us-east-1";
    private @Nullable String accessKey;
    private @Nullable String secretKey;
    private boolean pathStyle = true;
    private Duration uploadInterval = Duration.ofSeconds(2);
    private long partBytes = 8L << 20;

    private Builder(String bucket, String prefix) {
      this.bucket = bucket;
      this.prefix = prefix;
    }

    /** An S3-compatible endpoint such as {@code http://127.0.0.1:9000}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Static credentials; without them the AWS SDK's default chain (environment, profile) is used. */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
      return this;
    }

    /** Path-style addressing ({@code endpoint/bucket/key}); default on, as most non-AWS stores need. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    public Builder uploadInterval(Duration interval) {
      if (interval.toMillis() < 100 || interval.toSeconds() > 300) {
        throw new IllegalArgumentException("upload interval must be within 100 ms..300 s");
      }
      this.uploadInterval = interval;
      return this;
    }

    /**
     * Bytes per multipart part (default 8 MiB): the local file's bytes go up as a part once this
     * many are in chunks. S3 (and S3Proxy) refuse parts under {@link #S3_MINIMUM_PART_BYTES}.
     */
    public Builder partBytes(long bytes) {
      if (bytes < S3_MINIMUM_PART_BYTES || bytes > 1L << 30) {
        throw new IllegalArgumentException("part size must be within 5 MiB..1 GiB (S3's limits)");
      }
      this.partBytes = bytes;
      return this;
    }

    public StorageConfig build() {
      return new StorageConfig(this);
    }
  }
}
