package dev.liverec.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The Chrome DevTools protocol to one page of a {@link dev.liverec.testkit.HeadlessChromium}
 * opened with DevTools: navigate, set request headers, and evaluate JavaScript in the page.
 */
final class DevTools implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private volatile @Nullable ObjectNode loginAnswer;

  private DevTools(WebSocket socket) {
    this.socket = socket;
  }

  /** Connects to the first page target on this DevTools port. */
  static DevTools connect(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String pageSocket = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (pageSocket == null && System.nanoTime() < deadline) {
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode target : targets) {
        if ("page".equals(target.path("type").asText())) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageSocket == null) {
        Thread.sleep(100);
      }
    }
    if (pageSocket == null) {
      throw new AssertionError("chromium shows no page target on DevTools port " + port);
    }
    return open(http, pageSocket);
  }

  private static DevTools open(HttpClient http, String url) throws Exception {
    Listener listener = new Listener();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), listener)
        .get(30, TimeUnit.SECONDS);
    DevTools tools = new DevTools(ws);
    listener.owner = tools;
    return tools;
  }

  /** Sends a command and waits for its result. */
  JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    send(message);
    JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new AssertionError(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /**
   * From now on, answers the browser's login prompt (an HTTP auth challenge) as a person would:
   * with this user name and password, or by cancelling it when {@code password} is null.
   */
  void answerLogins(String user, @Nullable String password) throws Exception {
    ObjectNode answer = JSON.createObjectNode();
    if (password == null) {
      answer.put("response", "CancelAuth");
    } else {
      answer.put("response", "ProvideCredentials").put("username", user)
          .put("password", password);
    }
    boolean first = loginAnswer == null;
    loginAnswer = answer;
    if (first) {
      ObjectNode params = JSON.createObjectNode().put("handleAuthRequests", true);
      params.putArray("patterns").addObject().put("urlPattern", "*");
      call("Fetch.enable", params);
    }
  }

  /** A paused request goes on; a login prompt gets {@link #loginAnswer}. */
  private void onEvent(JsonNode message) {
    String method = message.path("method").asText();
    String requestId = message.path("params").path("requestId").asText();
    try {
      if (method.equals("Fetch.requestPaused")) {
        send(JSON.createObjectNode().put("id", ids.incrementAndGet())
            .put("method", "Fetch.continueRequest")
            .set("params", JSON.createObjectNode().put("requestId", requestId)));
      } else if (method.equals("Fetch.authRequired")) {
        ObjectNode params = JSON.createObjectNode().put("requestId", requestId);
        params.set("authChallengeResponse", loginAnswer);
        send(JSON.createObjectNode().put("id", ids.incrementAndGet())
            .put("method", "Fetch.continueWithAuth").set("params", params));
      }
    } catch (Exception e) {
      throw new IllegalStateException("answering " + method + " failed", e);
    }
  }

  /** One message at a time: the WebSocket allows a single outstanding send. */
  private synchronized void send(JsonNode message) throws Exception {
    socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /** The value of a JavaScript expression in the page (promises awaited), as JSON. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = call("Runtime.evaluate", JSON.createObjectNode()
        .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError("the page threw on " + expression + ": "
          + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Evaluates until the value passes, within {@code timeout}; returns it. */
  JsonNode await(String expression, Predicate<JsonNode> passes, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = evaluate(expression);
      if (passes.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(expression + " did not pass within " + timeout + "; last: " + last);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    volatile DevTools owner;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          DevTools tools = owner;
          if (tools == null) {
            return null;
          }
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = tools.pending.remove(message.get("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else {
            tools.onEvent(message);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          text.setLength(0);
          ws.request(1);
        }
        return null;
      }
      ws.request(1);
      return null;
    }
  }
}
