package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's start-up check of its store, against S3Proxy with authorization on: a store that
 * takes the test write passes and keeps nothing of it; wrong credentials, a missing bucket and an
 * endpoint nobody answers each fail at once with a reason that says what to fix and never shows
 * the secret.
 */
class StorageProbeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static S3Store s3;

  @BeforeAll
  static void startStore() throws Exception {
    s3 = new S3Store(dir.resolve("s3"));
  }

  @AfterAll
  static void stopStore() throws Exception {
    s3.close();
  }

  @Test
  void aStoreThatTakesTheTestWritePassesAndKeepsNothingOfIt() {
    StorageProbe.check(s3.storage("probe-ok").build(), WAIT);

    assertThat(s3.list("probe-ok/")).isEmpty();
  }

  @Test
  void wrongCredentialsAreRefusedWithTheReason() {
    StorageConfig wrong = StorageConfig.builder("s3://" + S3Store.BUCKET + "/probe")
        .endpoint(s3.endpoint()).credentials(S3Store.ACCESS, "not-the-secret").build();

    assertThatThrownBy(() -> StorageProbe.check(wrong, WAIT))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("the credentials are wrong")
        .hasMessageNotContaining("not-the-secret");
  }

  @Test
  void aMissingBucketIsRefusedWithTheReason() {
    StorageConfig missing = StorageConfig.builder("s3://no-such-bucket/probe")
        .endpoint(s3.endpoint()).credentials(S3Store.ACCESS, S3Store.SECRET).build();

    assertThatThrownBy(() -> StorageProbe.check(missing, WAIT))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the bucket no-such-bucket does not exist");
  }

  @Test
  void anEndpointNobodyAnswersFailsWithinTheWait() throws Exception {
    StorageConfig nowhere = StorageConfig.builder("s3://" + S3Store.BUCKET + "/probe")
        .endpoint(URI.create("http://127.0.0.1:" + RedisServer.freePort()))
        .credentials(S3Store.ACCESS, S3Store.SECRET).build();

    long before = System.nanoTime();
    assertThatThrownBy(() -> StorageProbe.check(nowhere, WAIT))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("did not answer within 10 s");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(WAIT.plusSeconds(5));
  }
}
