package dev.liverec.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link ApiRoutes} on Jetty: checks the bearer token and what a browser could
 * forge ({@link BrowserGuard}) before anything else, reads POST bodies without holding a thread
 * (bounded in size), runs starts and stops on the bounded work pool so Jetty's threads stay free
 * for {@code /health}, and answers JSON. With a token configured every endpoint needs it (401).
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  private final ApiRoutes routes;
  private final BearerAuth auth;
  private final BrowserGuard browser;
  private final RequestLog requests;
  private final int maxBodyBytes;
  private final Executor work;

  ApiHandler(ApiRoutes routes, BearerAuth auth, BrowserGuard browser, RequestLog requests,
      int maxBodyBytes, Executor work) {
    this.routes = routes;
    this.auth = auth;
    this.browser = browser;
    this.requests = requests;
    this.maxBodyBytes = maxBodyBytes;
    this.work = work;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response, callback);
    try {
      HttpFields headers = request.getHeaders();
      auth.check(headers.get(HttpHeader.AUTHORIZATION));
      browser.check(ex.method, headers.get(HttpHeader.HOST), headers.get(HttpHeader.ORIGIN),
          headers.get(HttpHeader.CONTENT_TYPE));
      if (ApiRoutes.takesBody(ex.path) && "POST".equals(ex.method)) {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
          throw tooLarge();
        }
        new BodyReader(request, ex, maxBodyBytes).run();
      } else {
        ex.answer(routes.get(ex.method, ex.path));
      }
    } catch (Throwable t) {
      ex.fail(t);
    }
    return true;
  }

  private ApiException tooLarge() {
    return ApiException.payloadTooLarge("request body is over the limit of " + maxBodyBytes
        + " bytes");
  }

  /** One request and its answer; answers once. */
  private final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    final String method;
    final String path;
    final long started = System.nanoTime();
    final AtomicBoolean answered = new AtomicBoolean();

    Exchange(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.method = request.getMethod();
      this.path = request.getHttpURI().getPath();
    }

    /** Runs the body's endpoint on the work pool. */
    void dispatch(byte[] body) {
      try {
        work.execute(() -> {
          try {
            answer(routes.post(method, path, body));
          } catch (Throwable t) {
            fail(t);
          }
        });
      } catch (RejectedExecutionException e) {
        fail(ApiException.unavailable("the server is busy with other starts and stops; retry"));
      }
    }

    void answer(ObjectNode body) {
      send(200, body, "");
    }

    void fail(Throwable t) {
      if (t instanceof InvalidMintIdException e) {
        send(400, error(e.getMessage()), e.getMessage());
      } else if (t instanceof ApiException e) {
        if (e.status() == 401) {
          response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"liverec\"");
        }
        send(e.status(), e.body() != null ? e.body() : error(e.reason()), e.reason());
      } else {
        log.error("{} {} failed", method, RequestLog.printable(path), t);
        send(500, error("internal error: " + t.getClass().getSimpleName()),
            String.valueOf(t.getMessage()));
      }
    }

    private void send(int status, JsonNode body, String reason) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      byte[] bytes;
      try {
        bytes = Json.MAPPER.writeValueAsBytes(body);
      } catch (JsonProcessingException e) {
        bytes = "{\"success\":false,\"reason\":\"internal error\"}".getBytes();
        status = 500;
      }
      response.setStatus(status);
      HttpFields.Mutable h = response.getHeaders();
      h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
      h.put(HttpHeader.CACHE_CONTROL, "no-store");
      h.put("X-Content-Type-Options", "nosniff");
      h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
      int code = status;
      response.write(true, ByteBuffer.wrap(bytes), Callback.from(() -> {
        requests.answered(method, path, code, millis(), reason);
        callback.succeeded();
      }, failure -> {
        requests.answered(method, path, -1, millis(), String.valueOf(failure.getMessage()));
        callback.failed(failure);
      }));
    }

    private long millis() {
      return (System.nanoTime() - started) / 1_000_000;
    }
  }

  static ObjectNode error(String reason) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("success", false);
    node.put("reason", RequestLog.truncate(reason, 300));
    return node;
  }

  /**
   * Reads a body as it arrives, without blocking a thread; over the limit is a 413. The rest of
   * an oversized body is read and dropped (up to {@link #DRAIN_FACTOR} times the limit) before the
   * 413 goes out: closing a connection with unread bytes makes TCP reset it, and the client would
   * lose the answer it is owed.
   */
  private final class BodyReader implements Runnable {
    private static final int DRAIN_FACTOR = 16;
    private final Request request;
    private final Exchange exchange;
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean over;
    private long dropped;

    BodyReader(Request request, Exchange exchange, int limit) {
      this.request = request;
      this.exchange = exchange;
      this.limit = limit;
    }

    @Override
    public void run() {
      try {
        while (true) {
          Content.Chunk chunk = request.read();
          if (chunk == null) {
            request.demand(this);
            return;
          }
          if (Content.Chunk.isFailure(chunk)) {
            exchange.fail(ApiException.badRequest("could not read the request body: "
                + chunk.getFailure().getMessage()));
            return;
          }
          ByteBuffer data = chunk.getByteBuffer();
          if (over || body.size() + data.remaining() > limit) {
            over = true;
            dropped += data.remaining();
            boolean last = chunk.isLast();
            chunk.release();
            if (last || dropped > (long) DRAIN_FACTOR * limit) {
              exchange.fail(tooLarge());
              return;
            }
            continue;
          }
          Channels.newChannel(body).write(data);
          boolean last = chunk.isLast();
          chunk.release();
          if (last) {
            exchange.dispatch(body.toByteArray());
            return;
          }
        }
      } catch (Throwable t) {
        exchange.fail(t);
      }
    }
  }

  /** For a {@code Supplier} of the counters {@code /health} shows. */
  static Supplier<ObjectNode> counters(RequestLog requests, ConnectionGuard guard) {
    return () -> {
      ObjectNode node = Json.MAPPER.createObjectNode();
      requests.counts().forEach((status, n) -> node.put(String.valueOf(status), n));
      node.put("connections_refused", guard.refused());
      node.put("connections_timed_out", guard.timedOut());
      return node;
    };
  }
}
