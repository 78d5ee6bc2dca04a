package dev.liverec.app;

import dev.liverec.cluster.StorageConfig;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a worker streams its recordings: {@code --storage s3://bucket/prefix} on any S3-compatible
 * store. Credentials come from a file ({@code --s3-credentials-file}) or, without one, the AWS
 * SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profile, instance
 * role); they are never taken on the command line, printed or logged.
 */
final class S3Options {
  @Option(names = "--storage", required = true, paramLabel = "s3://BUCKET/PREFIX",
      description = "Bucket and key prefix the recordings are streamed to.")
  String storage;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "An S3-compatible endpoint such as http://minio:9000 (default: AWS S3).")
  @Nullable URI endpoint;

  @Option(names = "--s3-region", defaultValue = "us-east-1",
      description = "Region (default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--s3-virtual-host", description = "Address buckets as bucket.endpoint "
      + "(virtual-hosted style) instead of endpoint/bucket (path style, the default).")
  boolean virtualHost;

  @Option(names = "--s3-credentials-file", paramLabel = "FILE",
      description = "A file with access_key=... and secret_key=... lines (aws_access_key_id and "
          + "aws_secret_access_key are read too). Default: AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY, then the SDK's profile and instance role.")
  @Nullable Path credentialsFile;

  @Option(names = "--upload-interval", defaultValue = "2s",
      description = "The store is at most about this far behind each recording's live edge "
          + "(default ${DEFAULT-VALUE}).")
  Duration uploadInterval;

  /** The storage config, or a usage error naming the bad flag. */
  StorageConfig config(CommandSpec spec) {
    StorageConfig.Builder b;
    try {
      b = StorageConfig.builder(storage).region(region).pathStyle(!virtualHost)
          .uploadInterval(uploadInterval);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (endpoint != null) {
      if (endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
        throw new ParameterException(spec.commandLine(), "--s3-endpoint must be an http(s):// URL");
      }
      b.endpoint(endpoint);
    }
    Path file = credentialsFile;
    if (file != null) {
      Properties p = read(spec, file);
      String access = first(p, "access_key", "aws_access_key_id");
      String secret = first(p, "secret_key", "aws_secret_access_key");
      if (access == null || secret == null) {
        throw new ParameterException(spec.commandLine(), "--s3-credentials-file " + file
            + " needs access_key=... and secret_key=... lines");
      }
      b.credentials(access, secret);
    }
    return b.build();
  }

  private static Properties read(CommandSpec spec, Path file) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(file)));
      return p;
    } catch (IOException | RuntimeException e) {
      // The exception's text could quote the file; say only which file and why in general.
      throw new ParameterException(spec.commandLine(), "--s3-credentials-file " + file
          + " cannot be read (" + e.getClass().getSimpleName() + "); give a readable file");
    }
  }

  private static @Nullable String first(Properties p, String... names) {
    for (String name : names) {
      String v = p.getProperty(name);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
