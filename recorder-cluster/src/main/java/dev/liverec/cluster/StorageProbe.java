package dev.liverec.cluster;

import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A worker's start-up check of its object store: a tiny object written under the prefix and
 * deleted again, the two calls a worker makes for every recording, so wrong credentials, a
 * missing bucket or an unreachable endpoint stop the worker at once with the reason instead of at
 * its first recording.
 *
 * <pre>{@code
 * StorageProbe.check(storage, Duration.ofSeconds(10));   // throws StorageException, saying why
 * }</pre>
 */
public final class StorageProbe {
  private StorageProbe() {}

  /**
   * Writes and deletes {@code <prefix>/.liverec-check-<random>}, waiting at most {@code within}.
   *
   * @throws StorageException when the store refuses or does not answer in time; the message names
   *     the store and bucket and what to check, never the credentials
   */
  public static void check(StorageConfig config, Duration within) {
    String prefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    String key = prefix + ".liverec-check-" + UUID.randomUUID();
    try (ObjectStore store = new ObjectStore(config, within)) {
      store.probe(key);
    } catch (S3Exception e) {
      throw new StorageException(refusal(config, e), e);
    } catch (SdkClientException e) {
      throw new StorageException("the object store at " + where(config) + " did not answer within "
          + within.toSeconds() + " s (" + e.getMessage() + "); check --s3-endpoint and that the "
          + "store is running", e);
    } catch (SdkException e) {
      throw new StorageException("writing a test object to s3://" + config.bucket() + "/" + prefix
          + " at " + where(config) + " failed: " + e.getMessage(), e);
    }
  }

  private static String refusal(StorageConfig config, S3Exception e) {
    String what = "the object store at " + where(config) + " refused a test write to s3://"
        + config.bucket() + "/" + config.prefix() + " (HTTP " + e.statusCode() + "): ";
    if (e instanceof NoSuchBucketException || e.statusCode() == 404) {
      return what + "the bucket " + config.bucket() + " does not exist; create it or fix --storage";
    }
    if (e.statusCode() == 403 || e.statusCode() == 401) {
      return what + "the credentials are wrong or may not write there; check "
          + "--s3-credentials-file (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and the bucket's "
          + "permissions";
    }
    return what + "check --storage, --s3-endpoint and the credentials";
  }

  private static String where(StorageConfig config) {
    return config.endpoint() == null ? "AWS S3 (" + config.region() + ")"
        : config.endpoint().toString();
  }
}
