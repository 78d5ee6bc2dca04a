package dev.liverec.ffmpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Puts a global segment index ({@code sidx}) at the front of a finished fragmented MP4, so a
 * player reading over HTTP finds every fragment's time and byte range right after the header
 * and can start and seek at once, instead of reading the file to its end first.
 *
 * <p>No byte of media moves and nothing is kept in memory while recording: the muxer writes a
 * {@code free} box of {@link #RESERVED} bytes before the header ({@link #placeholder()}); at a
 * clean stop {@link #write(Path)} reads the fragments' headers back from the file and rewrites
 * only that front region as {@code ftyp}, {@code moov}, a {@code free} remainder and one {@code
 * sidx} per track, the last one right before the first fragment (as FFmpeg's own {@code
 * global_sidx} lays them out; measured: Chromium reads the whole file before it plays when
 * anything lies between the indexes and the first fragment). Fragments keep their offsets, so the random-access index at the end
 * stays true. Up to {@link #capacity(int)} fragments get a reference each (about 66 minutes of
 * one-second fragments with two tracks); longer recordings get one reference per run of
 * consecutive fragments.
 */
final class FrontIndex {
  /** Bytes reserved before the header: room for {@link #capacity(int)} references per track. */
  static final int RESERVED = 96 * 1024;
  private static final int SIDX_HEADER = 8 + 4 + 4 + 4 + 8 + 8 + 2 + 2;
  private static final int REFERENCE = 12;
  private static final int FREE_HEADER = 8;
  private static final int NON_SYNC_SAMPLE = 0x0001_0000;

  private FrontIndex() {}

  /** A {@code free} box of {@link #RESERVED} bytes, written before the header. */
  static byte[] placeholder() {
    ByteBuffer free = ByteBuffer.allocate(RESERVED);
    free.putInt(RESERVED).put("free".getBytes(StandardCharsets.ISO_8859_1));
    return free.array();
  }

  /** How many references per track fit in the reserved space, for {@code tracks} tracks. */
  static int capacity(int tracks) {
    return (RESERVED - tracks * SIDX_HEADER - FREE_HEADER) / (tracks * REFERENCE);
  }

  /** A fragment (one or more moof+mdat pairs) as the index describes it. */
  private record Fragment(long start, long end, long time, long duration, boolean sync) {}

  /** A track's identity and defaults, from the {@code moov}. */
  private record Track(int id, long timescale, long defaultDuration, int defaultFlags) {}

  /**
   * Indexes {@code file} in place.
   *
   * @return the number of references written; 0 when the file is not laid out as the muxer lays
   *     it out (no placeholder, no fragments), in which case it is left untouched
   */
  static int write(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      List<Mp4Box> top = Mp4Box.topLevel(channel);
      if (top.size() < 4 || !top.get(0).type().equals("free") || top.get(0).size() != RESERVED
          || !top.get(1).type().equals("ftyp") || !top.get(2).type().equals("moov")) {
        return 0;
      }
      ByteBuffer ftyp = top.get(1).read(channel);
      ByteBuffer moov = top.get(2).read(channel);
      List<Track> tracks = tracks(moov);
      List<Mp4Box> rest = top.subList(3, top.size());
      List<List<Fragment>> indexes = new ArrayList<>();
      List<Track> indexed = new ArrayList<>();
      for (Track track : tracks) {
        List<Fragment> fragments = fragments(channel, rest, track);
        if (!fragments.isEmpty()) {
          indexes.add(group(fragments, capacity(tracks.size())));
          indexed.add(track);
        }
      }
      if (indexes.isEmpty()) {
        return 0;
      }
      long regionEnd = top.get(2).end();
      long firstMoof = indexes.get(0).get(0).start();
      ByteBuffer head = ByteBuffer.allocate((int) regionEnd);
      head.put(ftyp).put(moov);
      int indexBytes = 0;
      for (List<Fragment> references : indexes) {
        indexBytes += SIDX_HEADER + REFERENCE * references.size();
      }
      // The padding goes before the indexes: Chromium's demuxer reads the whole file when
      // anything lies between the last index and the first fragment.
      int pad = (int) (regionEnd - head.position() - indexBytes);
      head.putInt(pad).put("free".getBytes(StandardCharsets.ISO_8859_1));
      head.position(head.position() + pad - FREE_HEADER);
      int after = indexBytes;
      int references = 0;
      for (int i = 0; i < indexes.size(); i++) {
        List<Fragment> index = indexes.get(i);
        int size = SIDX_HEADER + REFERENCE * index.size();
        after -= size;
        // Each index's references start after the indexes that follow it.
        putSidx(head, indexed.get(i), index, after + (firstMoof - regionEnd), size);
        references += index.size();
      }
      head.position(0).limit((int) regionEnd);
      while (head.hasRemaining()) {
        channel.write(head, head.position());
      }
      channel.force(false);
      return references;
    }
  }

  private static void putSidx(ByteBuffer out, Track track, List<Fragment> references,
      long firstOffset, int size) {
    out.putInt(size).put("sidx".getBytes(StandardCharsets.ISO_8859_1));
    out.putInt(1 << 24); // version 1, no flags
    out.putInt(track.id()).putInt((int) track.timescale());
    out.putLong(references.get(0).time()).putLong(firstOffset);
    out.putShort((short) 0).putShort((short) references.size());
    for (Fragment f : references) {
      out.putInt((int) (f.end() - f.start()) & 0x7FFF_FFFF);
      out.putInt((int) f.duration());
      out.putInt(f.sync() ? 0x9000_0000 : 0); // starts_with_SAP = 1, SAP_type = 1
    }
  }

  /** Runs of consecutive fragments, so that at most {@code max} references remain. */
  private static List<Fragment> group(List<Fragment> fragments, int max) {
    int per = (fragments.size() + max - 1) / max;
    if (per == 1) {
      return fragments;
    }
    List<Fragment> runs = new ArrayList<>();
    for (int i = 0; i < fragments.size(); i += per) {
      Fragment first = fragments.get(i);
      Fragment last = fragments.get(Math.min(fragments.size(), i + per) - 1);
      long duration = last.time() + last.duration() - first.time();
      runs.add(new Fragment(first.start(), last.end(), first.time(), duration, first.sync()));
    }
    return runs;
  }

  /** The video and audio tracks, video first (the index players take as the reference). */
  private static List<Track> tracks(ByteBuffer moov) {
    List<Track> video = new ArrayList<>();
    List<Track> audio = new ArrayList<>();
    List<Mp4Box> children = Mp4Box.children(moov, 8);
    for (Mp4Box trak : children) {
      if (!trak.type().equals("trak")) {
        continue;
      }
      ByteBuffer t = slice(moov, trak);
      List<Mp4Box> parts = Mp4Box.children(t, 8);
      Mp4Box tkhd = Mp4Box.find(parts, "tkhd");
      Mp4Box mdia = Mp4Box.find(parts, "mdia");
      if (tkhd == null || mdia == null) {
        continue;
      }
      ByteBuffer m = slice(t, mdia);
      List<Mp4Box> media = Mp4Box.children(m, 8);
      Mp4Box hdlr = Mp4Box.find(media, "hdlr");
      Mp4Box mdhd = Mp4Box.find(media, "mdhd");
      if (hdlr == null || mdhd == null) {
        continue;
      }
      String handler = Mp4Box.fourCc(m, (int) hdlr.offset() + 16);
      boolean v1 = t.get((int) tkhd.offset() + 8) == 1;
      int id = t.getInt((int) tkhd.offset() + 8 + (v1 ? 20 : 12));
      boolean mdhdV1 = m.get((int) mdhd.offset() + 8) == 1;
      long timescale = Integer.toUnsignedLong(m.getInt((int) mdhd.offset() + 8 + (mdhdV1 ? 20 : 12)));
      if (handler.equals("vide")) {
        video.add(withDefaults(moov, children, id, timescale));
      } else if (handler.equals("soun")) {
        audio.add(withDefaults(moov, children, id, timescale));
      }
    }
    video.addAll(audio);
    return video;
  }

  private static Track withDefaults(ByteBuffer moov, List<Mp4Box> children, int id,
      long timescale) {
    Mp4Box mvex = Mp4Box.find(children, "mvex");
    if (mvex != null) {
      ByteBuffer x = slice(moov, mvex);
      for (Mp4Box trex : Mp4Box.children(x, 8)) {
        int at = (int) trex.offset() + 8;
        if (trex.type().equals("trex") && x.getInt(at + 4) == id) {
          return new Track(id, timescale, Integer.toUnsignedLong(x.getInt(at + 12)),
              x.getInt(at + 20));
        }
      }
    }
    return new Track(id, timescale, 0, 0);
  }

  /** Every moof with the track starts a fragment; other boxes extend the one before. */
  private static List<Fragment> fragments(FileChannel channel, List<Mp4Box> boxes, Track track)
      throws IOException {
    List<long[]> found = new ArrayList<>(); // start, time, duration, sync
    long indexEnd = boxes.get(boxes.size() - 1).end();
    long firstMoof = -1;
    for (Mp4Box box : boxes) {
      if (box.type().equals("mfra")) {
        indexEnd = box.offset();
        break;
      }
      if (!box.type().equals("moof")) {
        continue;
      }
      if (firstMoof < 0) {
        firstMoof = box.offset();
      }
      long[] run = trackRun(box.read(channel), track);
      if (run != null) {
        found.add(new long[] {found.isEmpty() ? firstMoof : box.offset(), run[0], run[1],
            run[2]});
      }
    }
    List<Fragment> fragments = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      long[] f = found.get(i);
      boolean last = i == found.size() - 1;
      long end = last ? indexEnd : found.get(i + 1)[0];
      long duration = last ? f[2] : found.get(i + 1)[1] - f[1];
      fragments.add(new Fragment(f[0], end, f[1], duration, f[3] != 0));
    }
    return fragments;
  }

  /** The track's traf: {time, summed duration, first sample is sync}, or null if it has none. */
  private static long @Nullable [] trackRun(ByteBuffer moof, Track track) {
    for (Mp4Box traf : Mp4Box.children(moof, 8)) {
      if (!traf.type().equals("traf")) {
        continue;
      }
      ByteBuffer t = slice(moof, traf);
      List<Mp4Box> parts = Mp4Box.children(t, 8);
      Mp4Box tfhd = Mp4Box.find(parts, "tfhd");
      Mp4Box tfdt = Mp4Box.find(parts, "tfdt");
      if (tfhd == null || tfdt == null || t.getInt((int) tfhd.offset() + 12) != track.id()) {
        continue;
      }
      int at = (int) tfhd.offset() + 8;
      int flags = t.getInt(at) & 0xFF_FFFF;
      int field = at + 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
      long defaultDuration = (flags & 0x08) != 0 ? Integer.toUnsignedLong(t.getInt(field))
          : track.defaultDuration();
      field += (flags & 0x08) != 0 ? 4 : 0;
      field += (flags & 0x10) != 0 ? 4 : 0;
      int defaultFlags = (flags & 0x20) != 0 ? t.getInt(field) : track.defaultFlags();
      int d = (int) tfdt.offset() + 8;
      long time = t.get(d) == 1 ? t.getLong(d + 4) : Integer.toUnsignedLong(t.getInt(d + 4));
      long duration = 0;
      Boolean sync = null;
      for (Mp4Box trun : parts) {
        if (!trun.type().equals("trun")) {
          continue;
        }
        long[] run = trun(t, (int) trun.offset() + 8, defaultDuration, defaultFlags, sync == null);
        duration += run[0];
        if (sync == null) {
          sync = run[1] != 0;
        }
      }
      return new long[] {time, duration, Boolean.TRUE.equals(sync) ? 1 : 0};
    }
    return null;
  }

  /** {summed sample durations, first sample is sync (when asked)} of one trun. */
  private static long[] trun(ByteBuffer t, int at, long defaultDuration, int defaultFlags,
      boolean first) {
    int flags = t.getInt(at) & 0xFF_FFFF;
    int count = t.getInt(at + 4);
    int p = at + 8 + ((flags & 0x01) != 0 ? 4 : 0);
    Integer firstFlags = null;
    if ((flags & 0x04) != 0) {
      firstFlags = t.getInt(p);
      p += 4;
    }
    int perSample = Integer.bitCount(flags & 0xF00) * 4;
    long duration = 0;
    boolean sync = false;
    for (int i = 0; i < count; i++) {
      int q = p + i * perSample;
      duration += (flags & 0x100) != 0 ? Integer.toUnsignedLong(t.getInt(q)) : defaultDuration;
      if (i == 0 && first) {
        int sampleFlags = firstFlags != null ? firstFlags
            : (flags & 0x400) != 0 ? t.getInt(q + ((flags & 0x100) != 0 ? 4 : 0)
                + ((flags & 0x200) != 0 ? 4 : 0)) : defaultFlags;
        sync = (sampleFlags & NON_SYNC_SAMPLE) == 0;
      }
    }
    return new long[] {duration, sync ? 1 : 0};
  }

  private static ByteBuffer slice(ByteBuffer parent, Mp4Box box) {
    return parent.slice((int) box.offset(), (int) box.size());
  }

}
