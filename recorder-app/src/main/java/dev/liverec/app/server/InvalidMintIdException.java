package dev.liverec.app.server;

/** A mint_id that is missing or not a safe name; the API answers 400 with this message. */
public final class InvalidMintIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidMintIdException(String message) {
    super(message);
  }
}
