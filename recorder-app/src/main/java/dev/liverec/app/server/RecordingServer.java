package dev.liverec.app.server;

import dev.liverec.Recorder;
import dev.liverec.app.server.webhooks.WebhookConfig;
import dev.liverec.cluster.ClusterFront;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.liverec.cluster.ClusterFront;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's recording service over HTTP, on Jetty 12: a bounded thread pool, NIO connections
 * (a slow or malformed client holds no thread), a request head timeout and a per-client
 * connection limit ({@link ConnectionGuard}), starts and stops on their own bounded pool, and
 * {@link ApiRoutes}' endpoints over this machine's recordings ({@link LocalRecordings}) or, with
 * {@link #startCluster}, a fleet's ({@link ClusterRecordings}).
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
  /** How often sessions are checked (falling behind, ended by themselves) and connections swept. */
  private static final Duration TICK = Duration.ofSeconds(1);
  /** Connections the server holds open at most, all clients together. */
  static final int MAX_CONNECTIONS = 4096;
  /** A connection idle this long is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final Server jetty;
  private final ServerConnector connector;
  private final ThreadPoolExecutor work;
  private final ScheduledExecutorService ticker;
  private final RecordingService service;
  private final ServerAddOns addOns;
  private final Path recordings;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);

  private RecordingServer(Server jetty, ServerConnector connector, ThreadPoolExecutor work,
      ScheduledExecutorService ticker, RecordingService service, ServerAddOns addOns,
      Path recordings) {
    this.jetty = jetty;
    this.connector = connector;
    this.work = work;
    this.ticker = ticker;
    this.service = service;
    this.addOns = addOns;
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
    return start(config, sources, WebhookConfig.NONE, Recorder.create());
  }

  /** As {@link #start(ServerConfig, SourceFactory)}, sending webhooks as configured. */
  public static RecordingServer start(ServerConfig config, SourceFactory sources,
      WebhookConfig webhooks) throws IOException {
    return start(config, sources, webhooks, Recorder.create());
  }

  /**
   * As {@link #start(ServerConfig, SourceFactory)}, recording through {@code recorder}, which the
   * server owns from here on: it closes it when it closes (or fails to start).
   */
  static RecordingServer start(ServerConfig config, SourceFactory sources, Recorder recorder)
      throws IOException {
    return start(config, sources, WebhookConfig.NONE, recorder);
  }

  static RecordingServer start(ServerConfig config, SourceFactory sources,
      WebhookConfig webhooks, Recorder recorder) throws IOException {
    try {
      return start(config, sources, webhooks,
          addOns -> LocalRecordings.open(config, sources, recorder, addOns));
    } catch (IOException | RuntimeException e) {
      recorder.close();
      throw e;
    }
  }

  /**
   * Binds and serves the API over a fleet: starts go to {@code front}'s workers, every answer
   * comes from its Redis, and nothing is recorded here. Closing the server closes the front; the
   * fleet's recordings go on.
   *
   * @param sources gives the picture format starts ask the workers for
   * @throws IOException when the address cannot be bound
   */
  public static RecordingServer startCluster(ServerConfig config, SourceFactory sources,
      ClusterFront front) throws IOException {
    return startCluster(config, sources, front, WebhookConfig.NONE);
  }

  /**
   * As {@link #startCluster(ServerConfig, SourceFactory, ClusterFront)}, this front also sending
   * the fleet's recording events as webhooks (shared with the other fronts that send them, each
   * event by one of them, at least once; see README's Webhooks).
   */
  public static RecordingServer startCluster(ServerConfig config, SourceFactory sources,
      ClusterFront front, WebhookConfig webhooks) throws IOException {
    return start(config, sources, webhooks, addOns -> {
      ClusterRecordings service = new ClusterRecordings(front, sources);
      addOns.sendFleetEvents(front);
      return service;
    });
  }

  /** Opens the recordings once the port is bound. */
  @FunctionalInterface
  private interface ServiceOpener {
    RecordingService open(ServerAddOns addOns) throws IOException;
  }

  private static RecordingServer start(ServerConfig config, SourceFactory sources,
      WebhookConfig webhooks, ServiceOpener opener) throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setName("liverec-http");
    pool.setDaemon(true);
    Server jetty = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(8 * 1024);
    http.setMinRequestDataRate(64);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(config.bind().getHostAddress());
    connector.setPort(config.port());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setAcceptQueueSize(256);
    ConnectionGuard guard = new ConnectionGuard(config.maxConnectionsPerClient(),
        config.headTimeout());
    connector.addBean(guard);
    jetty.addConnector(connector);
    jetty.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, jetty));
    connector.open(); // the port first: a server that cannot listen leaves nothing behind

    ServerAddOns addOns;
    RecordingService service;
    try {
      addOns = ServerAddOns.start(webhooks);
    } catch (RuntimeException e) {
      connector.close();
      throw e;
    }
    try {
      service = opener.open(addOns);
    } catch (IOException | RuntimeException e) {
      addOns.close();
      connector.close();
      throw e;
    }
    Path folder = service instanceof LocalRecordings local ? local.folder()
        : config.recordings().toAbsolutePath();

    RequestLog requests = new RequestLog();
    jetty.setErrorHandler(new JsonErrorHandler(requests));
    ThreadPoolExecutor work = new ThreadPoolExecutor(config.threads(), config.threads(), 30,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.threads() * 8),
        daemonThreads("liverec-api-"));
    work.allowCoreThreadTimeOut(true);
    ApiRoutes routes = new ApiRoutes(service, sources, ApiHandler.counters(requests, guard));
    BearerAuth auth = new BearerAuth(config.token());
    BrowserGuard browser = new BrowserGuard(config.bind(), config.token() != null);
    ApiHandler api = new ApiHandler(routes, auth, browser, requests, config.maxBodyBytes(), work);
    jetty.setHandler(new WebHandler(api, auth, browser, addOns.metrics(), requests, folder));
    jetty.setStopTimeout(2_000);

    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("liverec-ticker-"));
    try {
      jetty.start();
    } catch (Exception e) {
      ticker.shutdownNow();
      work.shutdownNow();
      stopQuietly(jetty);
      service.close();
      addOns.close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot serve on " + config.bind().getHostAddress() + ":"
          + config.port() + ": " + e.getMessage(), e);
    }
    ticker.scheduleWithFixedDelay(() -> tick(service, guard), TICK.toMillis(), TICK.toMillis(),
        TimeUnit.MILLISECONDS);
    RecordingServer server =
        new RecordingServer(jetty, connector, work, ticker, service, addOns, folder);
    log.info("listening on {} ({}), source {}, {}", server.address(), config,
        sources.describe(), service);
    return server;
  }

  private static void tick(RecordingService service, ConnectionGuard guard) {
    try {
      guard.sweep();
      service.tick();
    } catch (RuntimeException e) {
      log.warn("periodic check failed: {}", e.toString());
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.debug("stopping the HTTP server: {}", e.toString());
    }
  }

  /** The bound address, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** The bound port. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The recordings folder, absolute (a cluster front writes nothing there). */
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
      service.close();
      stopQuietly(jetty);
    } finally {
      ticker.shutdownNow();
      work.shutdownNow();
      addOns.close();
      closedLatch.countDown();
      log.info("shut down");
    }
  }
}
