package dev.liverec.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few S3 calls the cluster makes, on one client. Every failure becomes a
 * {@link StorageException} naming the bucket and key.
 */
final class ObjectStore implements AutoCloseable {
  private final StorageConfig config;
  private final S3Client s3;

  ObjectStore(StorageConfig config) {
    this(config, null);
  }

  /** @param callTimeout bound of each call, retries included; null for the SDK's default */
  ObjectStore(StorageConfig config, @Nullable Duration callTimeout) {
    this.config = config;
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(config.region()))
        .forcePathStyle(config.pathStyle())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        // Checksums only where S3 requires them: S3-compatible stores differ in the newer ones.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (callTimeout != null) {
      b.overrideConfiguration(o -> o.apiCallTimeout(callTimeout));
    }
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    String key = config.accessKey();
    String secret = config.secretKey();
    b.credentialsProvider(key != null && secret != null
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))
        : DefaultCredentialsProvider.builder().build());
    this.s3 = b.build();
  }

  StorageConfig config() {
    return config;
  }

  /** The key of a recording part's object. */
  String partKey(String mintId, String run, int part) {
    String p = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    return p + mintId + "/" + run + "/part-" + part + ".mp4";
  }

  String uri(String key) {
    return "s3://" + config.bucket() + "/" + key;
  }

  String createUpload(String key) {
    return call("starting an upload of", key, () -> s3.createMultipartUpload(r -> r
        .bucket(config.bucket()).key(key).contentType("video/mp4")).uploadId());
  }

  CompletedPart uploadPart(String key, String uploadId, int number, byte[] bytes) {
    String etag = call("uploading part " + number + " of", key, () -> s3.uploadPart(r -> r
        .bucket(config.bucket()).key(key).uploadId(uploadId).partNumber(number)
        .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)).eTag());
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  void completeUpload(String key, String uploadId, List<CompletedPart> parts) {
    List<CompletedPart> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingInt(CompletedPart::partNumber));
    call("completing", key, () -> s3.completeMultipartUpload(r -> r.bucket(config.bucket()).key(key)
        .uploadId(uploadId).multipartUpload(m -> m.parts(sorted))));
  }

  void abortUpload(String key, String uploadId) {
    call("aborting the upload of", key, () -> s3.abortMultipartUpload(r -> r
        .bucket(config.bucket()).key(key).uploadId(uploadId)));
  }

  /** The parts uploaded so far, in order; empty when the upload is no longer open. */
  List<Part> listParts(String key, String uploadId) {
    List<Part> parts = new ArrayList<>();
    try {
      call("listing the parts of", key, () -> {
        s3.listPartsPaginator(r -> r.bucket(config.bucket()).key(key).uploadId(uploadId))
            .parts().forEach(parts::add);
        return null;
      });
    } catch (StorageException e) {
      if (e.getCause() instanceof NoSuchUploadException) {
        return List.of();
      }
      throw e;
    }
    parts.sort(Comparator.comparingInt(Part::partNumber));
    return parts;
  }

  void put(String key, byte[] bytes) {
    call("writing", key, () -> s3.putObject(r -> r.bucket(config.bucket()).key(key)
        .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)));
  }

  byte[] get(String key) {
    return call("reading", key, () -> s3.getObjectAsBytes(r -> r.bucket(config.bucket()).key(key))
        .asByteArray());
  }

  /** The object's size, or -1 when there is none. */
  long size(String key) {
    try {
      return s3.headObject(r -> r.bucket(config.bucket()).key(key)).contentLength();
    } catch (NoSuchKeyException e) {
      return -1;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return -1;
      }
      throw new StorageException("checking " + uri(key) + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new StorageException("checking " + uri(key) + " failed: " + e.getMessage(), e);
    }
  }

  /** Objects under a prefix, by key. */
  List<S3Object> list(String prefix) {
    List<S3Object> out = new ArrayList<>();
    call("listing", prefix, () -> {
      s3.listObjectsV2Paginator(r -> r.bucket(config.bucket()).prefix(prefix)).contents()
          .forEach(out::add);
      return null;
    });
    out.sort(Comparator.comparing(S3Object::key));
    return out;
  }

  void delete(String key) {
    call("deleting", key, () -> s3.deleteObject(r -> r.bucket(config.bucket()).key(key)));
  }

  /**
   * Writes a one-byte object and deletes it; the SDK's own exceptions pass through for
   * {@link StorageProbe} to explain.
   */
  void probe(String key) {
    s3.putObject(r -> r.bucket(config.bucket()).key(key).contentLength(1L),
        RequestBody.fromBytes(new byte[] {0}));
    s3.deleteObject(r -> r.bucket(config.bucket()).key(key));
  }

  private <T> T call(String what, String key, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw new StorageException(what + " " + uri(key) + " failed: " + e.getMessage()
          + "; check the endpoint, bucket and credentials", e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
