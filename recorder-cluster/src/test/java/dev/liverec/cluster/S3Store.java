package dev.liverec.cluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 API for tests: S3Proxy with its filesystem backend on a free 127.0.0.1 port, spoken
 * to only through the AWS SDK v2 (the workers' client and the test's own).
 */
public final class S3Store implements AutoCloseable {
  public static final String BUCKET = "recordings";
  public static final String ACCESS = "test-access";
  public static final String SECRET = "test-secret-not-used-anywhere-else";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  public S3Store(Path dir) throws Exception {
    Files.createDirectories(dir);
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
        .overrides(props).build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + RedisServer.freePort()))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
    client.createBucket(r -> r.bucket(BUCKET));
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The workers' storage settings; {@code prefix} keeps tests apart. */
  StorageConfig.Builder storage(String prefix) {
    return StorageConfig.builder("s3://" + BUCKET + "/" + prefix).endpoint(endpoint)
        .credentials(ACCESS, SECRET);
  }

  public List<S3Object> list(String prefix) {
    return client.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
        .toList();
  }

  /** Downloads {@code s3://recordings/key} into a file. */
  public Path download(String uri, Path file) {
    String key = uri.substring(("s3://" + BUCKET + "/").length());
    client.getObject(r -> r.bucket(BUCKET).key(key), ResponseTransformer.toFile(file));
    return file;
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
    context.close();
  }
}
