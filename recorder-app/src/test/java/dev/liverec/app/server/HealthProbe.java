package dev.liverec.app.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Asks {@code GET /health} over one kept-alive socket and times only the server's answer: no HTTP
 * client's own threads between the clock and the wire. Reconnects when the server closed it.
 */
final class HealthProbe implements AutoCloseable {
  private final int port;
  private final byte[] request;
  private Socket socket;
  private InputStream in;

  HealthProbe(int port, String token) {
    this.port = port;
    this.request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The status code of one answer. */
  int get() throws IOException {
    if (socket == null || socket.isClosed()) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(20_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      in = new BufferedInputStream(socket.getInputStream());
    }
    try {
      socket.getOutputStream().write(request);
      String head = readHead();
      int status = Integer.parseInt(head.substring(9, 12));
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      if (in.readNBytes(length).length != length) {
        throw new IOException("short body");
      }
      return status;
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed by the server");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // gone already
      }
      socket = null;
    }
  }
}
