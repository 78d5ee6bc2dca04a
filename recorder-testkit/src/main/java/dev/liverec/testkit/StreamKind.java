package dev.liverec.testkit;

/** What a stream in a probed file carries. */
public enum StreamKind {
  VIDEO,
  AUDIO,
  /** Data, subtitles, attachments: counted, never decoded. */
  OTHER
}
