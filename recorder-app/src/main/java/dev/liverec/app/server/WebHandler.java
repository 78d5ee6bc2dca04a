package dev.liverec.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * What the server answers besides the JSON API, behind the same checks (bearer token, browser
 * guard):
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text ({@link ServerMetrics})
 *   <li>{@code GET /} and {@code /static/status.js}: the live status page ({@link StatusPage});
 *       without the token it is refused with a Basic challenge, so a browser asks for it
 *   <li>{@code GET /files/{name}.mp4}: a recording from the recordings folder, with range
 *       requests, for the page's player
 *   <li>{@code GET /api/server/memory}: the server's resident set size and Java heap
 * </ul>
 *
 * Every other request, and every one that fails a check (except the page's), goes to the
 * {@link ApiHandler}, which answers it or refuses it as the API does.
 */
final class WebHandler extends Handler.Wrapper {
  static final String METRICS = "/metrics";
  static final String MEMORY = "/api/server/memory";
  static final String FILES = "/files";

  private final BearerAuth auth;
  private final BrowserGuard browser;
  private final ServerMetrics metrics;
  private final RequestLog requests;
  private final StatusPage page = new StatusPage();
  private final ContextHandler files;

  WebHandler(ApiHandler api, BearerAuth auth, BrowserGuard browser, ServerMetrics metrics,
      RequestLog requests, Path recordings) {
    super(api);
    this.auth = auth;
    this.browser = browser;
    this.metrics = metrics;
    this.requests = requests;
    ResourceHandler mp4 = new ResourceHandler();
    mp4.setBaseResource(ResourceFactory.of(mp4).newResource(recordings));
    mp4.setDirAllowed(false);
    mp4.setAcceptRanges(true);
    mp4.setUseFileMapping(false); // files still growing must not be mapped
    mp4.setCacheControl("no-store");
    this.files = new ContextHandler(mp4, FILES);
    addBean(files, true);
  }

  @Override
  public void setServer(Server server) {
    super.setServer(server);
    files.setServer(server);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return super.handle(request, response, callback);
    }
    StatusPage.Asset asset = page.asset(path);
    if (asset != null) {
      if (passes(request)) {
        send(response, callback, path, 200, asset.contentType(), asset.bytes());
      } else {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE,
            "Basic realm=\"liverec\", charset=\"UTF-8\"");
        send(response, callback, path, 401, "text/html; charset=utf-8", StatusPage.REFUSED);
      }
      return true;
    }
    boolean ours = METRICS.equals(path) || MEMORY.equals(path)
        || (path.startsWith(FILES + "/") && path.endsWith(".mp4"));
    if (!ours || !passes(request)) {
      return super.handle(request, response, callback);
    }
    if (METRICS.equals(path)) {
      send(response, callback, path, 200, dev.liverec.micrometer.PrometheusMetrics.CONTENT_TYPE,
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
      return true;
    }
    if (MEMORY.equals(path)) {
      send(response, callback, path, 200, "application/json; charset=utf-8", memory());
      return true;
    }
    if (files.handle(request, response, callback)) {
      requests.answered(method, path, response.getStatus(), 0, "");
      return true;
    }
    return super.handle(request, response, callback);
  }

  private static byte[] memory() throws JsonProcessingException {
    Runtime runtime = Runtime.getRuntime();
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("success", true);
    node.put("rss_bytes", dev.liverec.testkit.ProcessMemory.residentBytes());
    node.put("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
    node.put("heap_max_bytes", runtime.maxMemory());
    return Json.MAPPER.writeValueAsBytes(node);
  }

  private void send(Response response, Callback callback, String path, int status, String type,
      byte[] body) {
    long started = System.nanoTime();
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, type);
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("X-Content-Type-Options", "nosniff");
    h.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), Callback.from(() -> {
      requests.answered("GET", path, status, (System.nanoTime() - started) / 1_000_000, "");
      callback.succeeded();
    }, callback::failed));
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
