package dev.liverec.app.server;

import dev.liverec.Recorder;
import dev.liverec.app.server.webhooks.WebhookConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
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
 * {@link ApiRoutes}' endpoints over a {@link RecordingRegistry}.
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
  private final RecordingRegistry registry;
  private final Recorder recorder;
  private final Path recordings;
  private final ServerAddOns addOns;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);

  private RecordingServer(Server jetty, ServerConnector connector, ThreadPoolExecutor work,
      ScheduledExecutorService ticker, RecordingRegistry registry, Recorder recorder,
      Path recordings, ServerAddOns addOns) {
    this.jetty = jetty;
    this.connector = connector;
    this.work = work;
    this.ticker = ticker;
    this.registry = registry;
    this.recorder = recorder;
    this.recordings = recordings;
    this.addOns = addOns;
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
      return serve(config, sources, webhooks, recorder);
    } catch (IOException | RuntimeException e) {
      recorder.close();
      throw e;
    }
  }

  private static RecordingServer serve(ServerConfig config, SourceFactory sources,
      WebhookConfig webhooks, Recorder base) throws IOException {
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

    RecordingFiles files;
    try {
      files = new RecordingFiles(config.recordings(), Clock.systemUTC());
    } catch (java.io.UncheckedIOException e) {
      connector.close();
      throw e.getCause();
    }
    HealthState health = new HealthState(files.folder(), config.minFreeBytes(), Clock.systemUTC());
    CostModel costs = config.coreBudget() > 0 ? new CostModel(config.coreBudget())
        : CostModel.forThisMachine();
    ServerAddOns addOns = ServerAddOns.start(webhooks);
    // Every recording also gets the webhooks' observer (source events, stalls).
    Recorder recorder = base.newBuilder().addMetrics(addOns.observers()).build();
    base.close();
    RecordingRegistry registry = new RecordingRegistry(files, sources, config.maxRecordings(),
        costs, health, recorder, addOns.listener());
    addOns.attach(registry);

    RequestLog requests = new RequestLog();
    jetty.setErrorHandler(new JsonErrorHandler(requests));
    ThreadPoolExecutor work = new ThreadPoolExecutor(config.threads(), config.threads(), 30,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.threads() * 8),
        daemonThreads("liverec-api-"));
    work.allowCoreThreadTimeOut(true);
    ApiRoutes routes = new ApiRoutes(registry, sources, health,
        ApiHandler.counters(requests, guard));
    BearerAuth auth = new BearerAuth(config.token());
    BrowserGuard browser = new BrowserGuard(config.bind(), config.token() != null);
    ApiHandler api = new ApiHandler(routes, auth, browser, requests, config.maxBodyBytes(), work);
    jetty.setHandler(new WebHandler(api, auth, browser, addOns.metrics(), requests,
        files.folder()));
    jetty.setStopTimeout(2_000);

    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("liverec-ticker-"));
    try {
      jetty.start();
    } catch (Exception e) {
      ticker.shutdownNow();
      work.shutdownNow();
      stopQuietly(jetty);
      addOns.close();
      recorder.close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot serve on " + config.bind().getHostAddress() + ":"
          + config.port() + ": " + e.getMessage(), e);
    }
    SessionWatch watch = new SessionWatch(registry);
    ticker.scheduleWithFixedDelay(() -> tick(watch, guard, () -> addOns.tick(registry)),
        TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    RecordingServer server =
        new RecordingServer(jetty, connector, work, ticker, registry, recorder, files.folder(),
            addOns);
    log.info("listening on {} ({}), source {}, CPU budget {} cores", server.address(), config,
        sources.describe(), costs.coreBudget());
    return server;
  }

  private static void tick(SessionWatch watch, ConnectionGuard guard, Runnable addOns) {
    try {
      guard.sweep();
      watch.tick();
      addOns.run();
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
      stopQuietly(jetty);
    } finally {
      recorder.close();
      ticker.shutdownNow();
      work.shutdownNow();
      addOns.close();
      closedLatch.countDown();
      log.info("shut down");
    }
  }
}
