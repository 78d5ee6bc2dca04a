package dev.liverec.loopback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The m-sections of an SDP, enough for tests to read what an offer carries. */
record Sdp(List<Section> sections) {
  /** One m-section: its media kind and its attribute lines. */
  record Section(String kind, List<String> lines) {
    Optional<String> attribute(String name) {
      return lines.stream().filter(l -> l.startsWith("a=" + name + ":"))
          .map(l -> l.substring(name.length() + 3)).findFirst();
    }

    boolean has(String flag) {
      return lines.contains("a=" + flag);
    }

    /** The codec name of the first payload type offered ({@code VP8}, {@code H264}, ...). */
    String firstCodec() {
      String[] m = lines.get(0).split(" ");
      String pt = m[3];
      return attribute("rtpmap").isPresent()
          ? lines.stream().filter(l -> l.startsWith("a=rtpmap:" + pt + " ")).findFirst()
              .map(l -> l.substring(l.indexOf(' ') + 1, l.indexOf('/'))).orElse("?")
          : "?";
    }

    /** Whether this side sends here: sendonly or sendrecv. */
    boolean sends() {
      return has("sendonly") || has("sendrecv");
    }
  }

  static Sdp parse(String sdp) {
    List<Section> sections = new ArrayList<>();
    List<String> current = null;
    String kind = null;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        if (current != null) {
          sections.add(new Section(kind, current));
        }
        current = new ArrayList<>();
        kind = line.substring(2, line.indexOf(' '));
      }
      if (current != null) {
        current.add(line);
      }
    }
    if (current != null) {
      sections.add(new Section(kind, current));
    }
    return new Sdp(sections);
  }

  List<Section> of(String kind) {
    return sections.stream().filter(s -> s.kind().equals(kind)).toList();
  }

  /** The session's ICE user fragment (of the first section). */
  String iceUfrag() {
    return sections.get(0).attribute("ice-ufrag").orElse("");
  }
}
