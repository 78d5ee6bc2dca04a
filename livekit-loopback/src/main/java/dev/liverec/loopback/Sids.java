package dev.liverec.loopback;

import java.security.SecureRandom;

/** Session ids shaped like livekit-server's: a type prefix and twelve base-62 characters. */
final class Sids {
  static final String ROOM = "RM_";
  static final String PARTICIPANT = "PA_";
  static final String TRACK = "TR_";

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sids() {}

  static String next(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 12; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
