package dev.liverec.app.server;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A recording's id as the API names it, safe to use in a file name: 1 to 128 ASCII letters,
 * digits, {@code _} or {@code -}. Nothing else passes: no dots, slashes, spaces, control
 * characters, NUL or Unicode look-alikes, so an id can never name a path outside the recordings
 * folder.
 *
 * @param value the validated id
 */
public record MintId(String value) {
  /** Longest accepted id. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

  /**
   * Validates an id.
   *
   * @throws InvalidMintIdException naming the rule broken (the raw value is not echoed: it may
   *     hold control characters or be very long)
   */
  public MintId {
    check(value);
  }

  /** Parses an id that may be missing. */
  public static MintId parse(@Nullable String raw) {
    return new MintId(check(raw));
  }

  private static String check(@Nullable String raw) {
    if (raw == null) {
      throw new InvalidMintIdException("mint_id is required");
    }
    if (raw.isEmpty()) {
      throw new InvalidMintIdException("mint_id must not be empty");
    }
    if (raw.length() > MAX_LENGTH) {
      throw new InvalidMintIdException(
          "mint_id is " + raw.length() + " characters long; at most " + MAX_LENGTH + " allowed");
    }
    if (!SAFE.matcher(raw).matches()) {
      int bad = firstUnsafe(raw);
      throw new InvalidMintIdException(String.format(Locale.ROOT,
          "mint_id may only contain A-Z, a-z, 0-9, '_' and '-'; character %d is U+%04X",
          bad + 1, (int) raw.charAt(bad)));
    }
    return raw;
  }

  private static int firstUnsafe(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!safe) {
        return i;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return value;
  }
}
