package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A web page the operator's browser opens must not drive the API of the default (no token)
 * server: cross-origin and {@code text/plain} POSTs, foreign Host names (DNS rebinding) and CORS
 * preflights are refused, and nothing is recorded. Requests are written by hand, as a browser or
 * an attacker would send them.
 */
class BrowserSafetyTest {
  private static final String BODY = "{\"mint_id\": \"from_a_web_page\"}";

  @TempDir Path root;
  private RecordingServer server;

  @BeforeEach
  void start() throws IOException {
    server = RecordingServer.start(ServerConfig.loopback(0, root.resolve("rec")),
        SyntheticSourceFactory.endless(320, 180, 15));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "Host {0}, Origin {1}, {2} -> {3}")
  @CsvSource({
      "evil.example, http://evil.example, text/plain, 403",
      "127.0.0.1, http://evil.example, text/plain, 403",
      "127.0.0.1, http://evil.example, application/json, 403",
      "127.0.0.1, null, application/json, 403",
      "127.0.0.1, , text/plain, 415",
      "127.0.0.1, , application/x-www-form-urlencoded, 415",
      "127.0.0.1, , multipart/form-data; boundary=x, 415",
      "evil.example, , application/json, 403"})
  void aPostABrowserCouldSendIsRefused(String host, String origin, String type, int expected)
      throws Exception {
    String answer = send("POST /api/recording/start HTTP/1.1\r\nHost: " + host + "\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "Content-Type: " + type + "\r\nContent-Length: " + BODY.length() + "\r\n"
        + "Connection: close\r\n\r\n" + BODY);

    assertThat(answer).startsWith("HTTP/1.1 " + expected);
    assertThat(answer).contains("\"success\":false");
    assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("access-control-allow");
    assertNothingRecorded();
  }

  @Test
  void aForeignHostCannotReadStatusEither() throws Exception {
    String answer = send("GET /health HTTP/1.1\r\nHost: rebound.evil.example:8000\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 403");
  }

  @Test
  void aCorsPreflightGetsNoPermission() throws Exception {
    String answer = send("OPTIONS /api/recording/start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Origin: http://127.0.0.1:3000\r\nAccess-Control-Request-Method: POST\r\n"
        + "Access-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 405");
    assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("access-control-allow");
  }

  @Test
  void aLocalJsonPostFromTheSameMachineWorks() throws Exception {
    String answer = send("POST /api/recording/start HTTP/1.1\r\nHost: localhost:"
        + server.port() + "\r\nOrigin: http://localhost:" + server.port() + "\r\n"
        + "Content-Type: application/json; charset=utf-8\r\nContent-Length: " + BODY.length()
        + "\r\nConnection: close\r\n\r\n" + BODY);
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(new ApiClient(server.port()).stop("from_a_web_page").status()).isEqualTo(200);
  }

  private String send(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void assertNothingRecorded() throws IOException {
    try (Stream<Path> files = Files.list(server.recordings())) {
      assertThat(files).isEmpty();
    }
  }
}
