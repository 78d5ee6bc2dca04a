package dev.liverec.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.cluster.RedisServer;
import dev.liverec.cluster.S3Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code liverec worker} checks its object store before it joins the fleet: given S3Proxy with
 * authorization and a credentials file with the wrong secret, the worker exits at once with the
 * documented code for a refusing environment (3) and one line saying what to check, without the
 * secret, instead of failing at its first recording.
 */
class WorkerStoreCheckTest {
  @TempDir Path dir;

  @Test
  void aWorkerWhoseStoreRefusesItsCredentialsExitsWithTheReason() throws Exception {
    try (S3Store s3 = new S3Store(dir.resolve("s3"))) {
      Path credentials = Files.writeString(dir.resolve("wrong.credentials"),
          "access_key=" + S3Store.ACCESS + "\nsecret_key=wrong-secret-1234\n");
      PrintStream original = System.err;
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit;
      try {
        // no Redis needed: the store is checked first (the port answers nothing)
        exit = Main.run("worker", "--cluster", "redis://127.0.0.1:" + RedisServer.freePort(),
            "--connect-wait", "1s", "--storage", "s3://" + S3Store.BUCKET + "/app",
            "--s3-endpoint", s3.endpoint().toString(),
            "--s3-credentials-file", credentials.toString(),
            "--buffer", dir.resolve("buffer").toString());
      } finally {
        System.setErr(original);
      }
      String message = err.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(message).isEqualTo(ExitCode.ENVIRONMENT);
      assertThat(message).contains("liverec worker: ").contains("the credentials are wrong")
          .doesNotContain("wrong-secret-1234");
    }
  }
}
