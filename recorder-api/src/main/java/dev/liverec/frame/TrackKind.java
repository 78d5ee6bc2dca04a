package dev.liverec.frame;

/** The two kinds of media track a recording carries. */
public enum TrackKind {
  VIDEO,
  AUDIO
}
