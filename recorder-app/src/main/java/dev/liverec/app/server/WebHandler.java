package dev.liverec.app.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the server answers besides the JSON API, behind the same checks (bearer token, browser
 * guard): {@code GET /metrics} in Prometheus text format. Every other request, and every one that
 * fails a check, goes to the {@link ApiHandler}, which answers it or refuses it as the API does.
 */
final class WebHandler extends Handler.Wrapper {
  static final String METRICS = "/metrics";

  private final BearerAuth auth;
  private final BrowserGuard browser;
  private final ServerMetrics metrics;
  private final RequestLog requests;

  WebHandler(ApiHandler api, BearerAuth auth, BrowserGuard browser, ServerMetrics metrics,
      RequestLog requests) {
    super(api);
    this.auth = auth;
    this.browser = browser;
    this.metrics = metrics;
    this.requests = requests;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (!"GET".equals(request.getMethod()) || !METRICS.equals(path) || !passes(request)) {
      return super.handle(request, response, callback);
    }
    long started = System.nanoTime();
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, dev.liverec.micrometer.PrometheusMetrics.CONTENT_TYPE);
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), Callback.from(() -> {
      requests.answered("GET", path, 200, (System.nanoTime() - started) / 1_000_000, "");
      callback.succeeded();
    }, callback::failed));
    return true;
  }

  /** True when the API's checks pass; a request that fails one is refused by the API handler. */
  private boolean passes(Request request) {
    HttpFields headers = request.getHeaders();
    try {
      auth.check(headers.get(HttpHeader.AUTHORIZATION));
      browser.check(request.getMethod(), headers.get(HttpHeader.HOST),
          headers.get(HttpHeader.ORIGIN), headers.get(HttpHeader.CONTENT_TYPE));
      return true;
    } catch (ApiException refused) {
      return false;
    }
  }
}
