package dev.liverec;

/**
 * How the MP4 is laid out once a recording stops cleanly. While recording, every layout is the
 * same crash-safe fragmented MP4: a header, then a fragment about every second, each on disk when
 * written, so a killed process leaves every complete fragment playable.
 */
public enum FileLayout {
  /**
   * Fragments with an index of every fragment's time and place (a global {@code sidx}) written
   * into space reserved at the front: a browser streaming the file over HTTP starts and seeks
   * at once. Nothing is kept in memory while recording and no media is moved at stop. The
   * default.
   */
  INDEXED_FRAGMENTS,
  /**
   * Fragments with their random-access index ({@code mfra}) at the end only: plays and seeks
   * from a local disk, but a player reading over HTTP reads the whole file before it starts.
   */
  FRAGMENTS,
  /**
   * A regular (non-fragmented) MP4 rewritten at stop, for tools that do not read fragments. The
   * muxer keeps an index entry per sample in memory while recording (about 20 MB per hour).
   */
  REGULAR
}
