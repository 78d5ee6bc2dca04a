package dev.liverec.app.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's recording service over HTTP: the JDK's built-in server ({@code
 * com.sun.net.httpserver}) with {@link ApiHandler}'s endpoints and a {@link RecordingRegistry}.
 *
 * <pre>{@code
 * try (RecordingServer server = RecordingServer.start(
 *     ServerConfig.loopback(8000, Path.of("recordings")),
 *     SyntheticSourceFactory.endless(1920, 1080, 30))) {
 *   server.awaitClosed();
 * }
 * }</pre>
 *
 * <p>{@link #close()} refuses new recordings, stops every running one so each file is complete,
 * then stops serving; it is what the {@code serve} command's shutdown hook (SIGTERM) calls.
 */
public final class RecordingServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordingServer.class);
  /** How often recordings that ended by themselves are released. */
  private static final Duration REAP_INTERVAL = Duration.ofSeconds(2);

  private final HttpServer http;
  private final ExecutorService workers;
  private final ScheduledExecutorService reaper;
  private final RecordingRegistry registry;
  private final Path recordings;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);

  private RecordingServer(HttpServer http, ExecutorService workers,
      ScheduledExecutorService reaper, RecordingRegistry registry, Path recordings) {
    this.http = http;
    this.workers = workers;
    this.reaper = reaper;
    this.registry = registry;
    this.recordings = recordings;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException when the address cannot be bound (port in use) or the recordings folder
   *     cannot be created
   */
  public static RecordingServer start(ServerConfig config, SourceFactory sources)
      throws IOException {
    limitSlowClients();
    RecordingFiles files;
    try {
      files = new RecordingFiles(config.recordings(), Clock.systemUTC());
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    RecordingRegistry registry = new RecordingRegistry(files, sources, config.maxRecordings());
    HttpServer http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
    ExecutorService workers =
        Executors.newFixedThreadPool(config.threads(), daemonThreads("liverec-http-"));
    http.setExecutor(workers);
    http.createContext("/", new ApiHandler(registry, sources, new BearerAuth(config.token()),
        config.maxBodyBytes()));
    ScheduledExecutorService reaper =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("liverec-reaper-"));
    reaper.scheduleWithFixedDelay(registry::reap, REAP_INTERVAL.toMillis(),
        REAP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    http.start();
    RecordingServer server = new RecordingServer(http, workers, reaper, registry, files.folder());
    log.info("listening on {} ({}), source {}", server.address(), config, sources.describe());
    return server;
  }

  /**
   * The JDK server's own limits against clients that send a request slowly or never read the
   * answer; read once when its classes load, so set before the first server starts, and only when
   * the operator has not set them.
   */
  private static void limitSlowClients() {
    System.setProperty("sun.net.httpserver.maxReqTime",
        System.getProperty("sun.net.httpserver.maxReqTime", "30"));
    System.setProperty("sun.net.httpserver.maxRspTime",
        System.getProperty("sun.net.httpserver.maxRspTime", "60"));
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The bound address, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The recordings folder, absolute. */
  public Path recordings() {
    return recordings;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  /** Stops every recording cleanly, then stops serving. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("shutting down");
    try {
      // New starts are refused from here on; status requests keep working while files complete.
      registry.stopAll(Duration.ofSeconds(15));
      http.stop(0);
    } finally {
      reaper.shutdownNow();
      workers.shutdownNow();
      closedLatch.countDown();
      log.info("shut down");
    }
  }
}
