package dev.liverec.spi;

/** Why the recorder threw a frame away instead of writing it. Each reason is counted apart. */
public enum DropReason {
  /**
   * A live source's hand-over queue was full: the oldest waiting frame made room for the newest
   * (only for the drop-oldest hand-over; a held-back source is never dropped for this).
   */
  QUEUE_FULL,
  /** The frame arrived after the session had stopped taking frames (stopping, failed). */
  AFTER_CLOSE,
  /**
   * The frame was still waiting when the session ended: a stop that had to finish within its
   * timeout, or a failure that ended the session.
   */
  AT_STOP,
  /**
   * Audio captured before the first video frame: the file's timeline starts with the first
   * picture, so earlier sound has no place in it.
   */
  BEFORE_FIRST_VIDEO,
  /** Audio that overlaps audio already written (a source that repeated or rewound its clock). */
  OVERLAP
}
