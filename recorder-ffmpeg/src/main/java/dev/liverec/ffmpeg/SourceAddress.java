package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.avio_find_protocol_name;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An address {@link FfmpegFrameSource} reads, split into what FFmpeg opens (the URL and its
 * options) and what liverec decides from it: whether it is a file (not live) and whether it
 * listens for a publisher. A {@code listen} query parameter asks to listen on any protocol that
 * can: {@code rtmp://127.0.0.1:1935/live/key?listen}, {@code rtsp://127.0.0.1:8554/cam?listen},
 * {@code srt://127.0.0.1:9000?listen} (or SRT's own {@code mode=listener}).
 *
 * @param url what FFmpeg opens
 * @param options protocol options for {@code avformat_open_input}
 * @param file whether the address is a local file
 * @param listening whether the source waits for a publisher instead of connecting out
 * @param description the address without credentials, query or stream key, for logs
 */
record SourceAddress(
    String url, Map<String, String> options, boolean file, boolean listening,
    String description) {

  SourceAddress {
    options = Map.copyOf(options);
  }

  /** Whether {@code address} looks like something this class parses (a URL or a file path). */
  static boolean looksUsable(String address) {
    if (address.contains("://") || address.startsWith("file:") || address.startsWith("/")
        || address.startsWith("./")) {
      return true;
    }
    try {
      return Files.exists(Path.of(address));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Parses and checks {@code address} without connecting.
   *
   * @throws SourceAddressException for a malformed URL, a protocol FFmpeg lacks or a missing file
   */
  static SourceAddress parse(String address) {
    if (address.isBlank()) {
      throw new SourceAddressException("the source address is empty: give a URL such as "
          + "rtmp://127.0.0.1:1935/live/key?listen or a file path");
    }
    if (!address.contains("://")) {
      return file(address.startsWith("file:") ? address.substring(5) : address);
    }
    URI uri;
    try {
      uri = new URI(address);
    } catch (URISyntaxException e) {
      throw new SourceAddressException("'" + redact(address) + "' is not a valid URL ("
          + e.getReason() + "); percent-encode special characters");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return file(uri.getPath());
    }
    Ffmpeg.init();
    // RTSP is read by a demuxer, not a URL protocol.
    if (avio_find_protocol_name(address) == null && av_find_input_format(scheme) == null) {
      throw new SourceAddressException("this FFmpeg build has no '" + scheme + "' protocol; "
          + "use file, rtmp, srt, rtsp, http or https");
    }
    Map<String, String> options = new LinkedHashMap<>();
    List<String> query = new ArrayList<>();
    boolean listening = false;
    if (uri.getRawQuery() != null) {
      for (String part : uri.getRawQuery().split("&")) {
        if (part.equals("listen") || part.equals("listen=1")) {
          listening = true;
        } else if (!part.isEmpty()) {
          query.add(part);
          listening |= part.equals("mode=listener");
        }
      }
    }
    if (listening && !query.contains("mode=listener")) {
      switch (scheme) {
        case "srt" -> query.add("mode=listener");
        case "rtsp" -> {
          options.put("rtsp_flags", "listen");
          // FFmpeg's default (-1 s) becomes an out-of-range TCP timeout; the interrupter bounds
          // the wait anyway.
          options.put("listen_timeout", "86400");
        }
        default -> options.put("listen", "1");
      }
    }
    String base = address.replaceAll("[?#].*", "");
    String url = query.isEmpty() ? base : base + "?" + String.join("&", query);
    return new SourceAddress(url, options, false, listening, describe(uri, scheme));
  }

  private static SourceAddress file(String path) {
    Path file;
    try {
      file = Path.of(path).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new SourceAddressException("'" + path + "' is not a file path (" + e.getReason()
          + "); give a URL such as rtmp://host/live/key or an existing file");
    }
    if (!Files.isRegularFile(file)) {
      throw new SourceAddressException("no such file: " + file + "; check the path");
    }
    if (!Files.isReadable(file)) {
      throw new SourceAddressException("cannot read " + file + "; check its permissions");
    }
    return new SourceAddress("file:" + file, Map.of(), true, false, "file " + file.getFileName());
  }

  /** scheme://host:port/path, with the last path segment (an RTMP stream key) hidden. */
  private static String describe(URI uri, String scheme) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    int slash = path.lastIndexOf('/');
    if (scheme.startsWith("rtmp") && slash > 0 && slash < path.length() - 1) {
      path = path.substring(0, slash + 1) + "***";
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost()) + port + path;
  }

  private static String redact(String address) {
    return address.replaceAll("[?#].*", "").replaceAll("//[^/@]*@", "//");
  }
}
