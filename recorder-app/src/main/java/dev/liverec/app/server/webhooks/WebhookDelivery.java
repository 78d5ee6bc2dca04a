package dev.liverec.app.server.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver: a bounded queue of events and the one thread that POSTs them, in order, each
 * signed afresh per try and tried up to {@link WebhookConfig#maxAttempts()} times with doubling
 * waits. {@link #offer} never blocks: a full queue drops the event and counts it. Logs name the
 * receiver without its query or user info, where a token could hide, and never the signature.
 */
final class WebhookDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
  /** How long {@link #close()} lets the queue drain before giving up on what is left. */
  static final Duration DRAIN = Duration.ofSeconds(5);

  /**
   * One event to send: its id, name and the exact bytes to POST, and what to tell once this
   * receiver has it settled: true when delivered or given up on, false when it was never tried
   * to the end (the receiver closed first).
   */
  record Event(String id, String name, byte[] body, Consumer<Boolean> settled) {}

  private final URI url;
  private final String name;
  private final WebhookConfig config;
  private final WebhookSigner signer;
  private final HttpClient http;
  private final BlockingQueue<Event> queue;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong givenUp = new AtomicLong();
  private volatile boolean closing;

  WebhookDelivery(URI url, WebhookConfig config, WebhookSigner signer) {
    this.url = url;
    this.name = printable(url);
    this.config = config;
    this.signer = signer;
    this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.thread = new Thread(this::run, "liverec-webhook-" + url.getHost());
    thread.setDaemon(true);
    thread.start();
  }

  /** The receiver as logs show it: scheme, host, port and path only. */
  static String printable(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /**
   * Queues an event; false (and counted) when the queue is full or closing: then it is not
   * settled here.
   */
  boolean offer(Event event) {
    if (!closing && queue.offer(event)) {
      return true;
    }
    long n = dropped.incrementAndGet();
    if (n == 1 || n % 100 == 0) {
      log.warn("webhook receiver {} is not keeping up: {} event(s) dropped so far (queue of {})",
          name, n, config.queueCapacity());
    }
    return false;
  }

  /** Events delivered (answered 2xx). */
  long delivered() {
    return delivered.get();
  }

  private void run() {
    try {
      while (!closing || !queue.isEmpty()) {
        Event event = queue.poll(200, TimeUnit.MILLISECONDS);
        if (event != null) {
          boolean settled = false;
          try {
            deliver(event);
            settled = true;
          } finally {
            event.settled().accept(settled);
          }
        }
      }
    } catch (InterruptedException e) {
      // close() gave up waiting; what is still queued is reported there
    }
  }

  private void deliver(Event event) throws InterruptedException {
    Duration wait = config.firstBackoff();
    String last = "";
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      try {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.requestTimeout())
            .header("Content-Type", "application/webhook+json")
            .header("Authorization", signer.sign(event.body()))
            .header("X-Liverec-Event", event.name())
            .header("X-Liverec-Delivery", event.id())
            .header("X-Liverec-Attempt", String.valueOf(attempt))
            .POST(HttpRequest.BodyPublishers.ofByteArray(event.body())).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 200 && status < 300) {
          delivered.incrementAndGet();
          if (attempt > 1) {
            log.info("webhook {} {} delivered to {} on try {}", event.name(), event.id(), name,
                attempt);
          }
          return;
        }
        last = "answered " + status;
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt < config.maxAttempts()) {
        log.debug("webhook {} to {} failed ({}); try {} in {} ms", event.name(), name, last,
            attempt + 1, wait.toMillis());
        Thread.sleep(wait.toMillis());
        wait = wait.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff()
            : wait.multipliedBy(2);
      }
    }
    givenUp.incrementAndGet();
    log.warn("webhook {} {} to {} given up after {} tries: {}", event.name(), event.id(), name,
        config.maxAttempts(), last);
  }

  /** Stops taking events, lets the queue drain for up to {@link #DRAIN}, then stops the thread. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(DRAIN.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    for (Event event; (event = queue.poll()) != null; ) {
      event.settled().accept(false);
    }
    if (left > 0 || givenUp.get() > 0 || dropped.get() > 0) {
      log.warn("webhooks to {}: {} delivered, {} given up, {} dropped, {} undelivered at "
          + "shutdown", name, delivered.get(), givenUp.get(), dropped.get(), left);
    }
  }
}
