package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avformat.avio_size;
import static org.bytedeco.ffmpeg.global.avformat.avio_tell;
import static org.bytedeco.ffmpeg.global.avformat.avio_write;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import dev.liverec.FileLayout;
import dev.liverec.MediaException;
import dev.liverec.frame.TrackKind;
import dev.liverec.spi.EncodedPacket;
import dev.liverec.spi.Muxer;
import dev.liverec.spi.MuxerSettings;
import dev.liverec.spi.StreamDescriptor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * MP4 that is playable at every moment: a fragmented MP4 (the flags are set here, on the muxer,
 * where they belong) with an empty {@code moov} up front, then a {@code moof}+{@code mdat}
 * fragment at most {@code fragmentDurationUs} apart, each on disk when written. A killed process
 * leaves every complete fragment playable; a clean {@link #finish()} adds the random-access index
 * ({@code mfra}) players seek with. Memory stays flat however long the recording. When the
 * settings ask for a regular MP4 at stop, FFmpeg 8's {@code hybrid_fragmented} rewrites the file
 * at {@link #finish()} instead, at the price of an index entry per sample kept in memory.
 *
 * <p>Owns its {@code AVFormatContext}, its {@code AVIOContext} and one scratch {@code AVPacket}.
 */
final class FragmentedMp4Muxer implements Muxer {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(FragmentedMp4Muxer.class);
  /**
   * Fragmented MP4: an empty {@code moov} up front, then a fragment at most every
   * {@code frag_duration}, cut by time, not only at keyframes, so a crash loses at most one
   * fragment even with a two-second GOP. The muxer forgets each fragment's samples once written,
   * so memory does not grow with duration. {@code delay_moov} writes the {@code moov} with the
   * first fragment, when each track's first timestamp is known, so the audio track gets an edit
   * list that hides the AAC encoder's priming (1024 samples): media time equals capture time from
   * the first frame on, instead of every packet after video frame 0 landing 21.3 ms late. A crash
   * in the first fragment leaves no playable file; after it, every fragment is playable.
   */
  static final String MOVFLAGS = "empty_moov+delay_moov+default_base_moof";
  /** The same, rewritten as a regular MP4 at a clean finish (keeps every sample's index). */
  static final String MOVFLAGS_REGULAR_AT_STOP =
      "hybrid_fragmented+delay_moov+default_base_moof";

  private final Path output;
  private final long fragmentDurationUs;
  private final FileLayout layout;
  private final String movflags;
  private final AVFormatContext context;
  private final AVPacket scratch;
  private final List<AVRational> sourceTimeBases = new ArrayList<>();
  /** The streams' time bases as the muxer chose them in begin(); views into the context. */
  private final List<AVRational> streamTimeBases = new ArrayList<>();
  private @Nullable AVIOContext io;
  /** Last DTS written per stream, in the stream's time base, for error messages. */
  private long[] lastDts = new long[0];
  private boolean begun;
  private boolean finished;
  private boolean closed;
  /** Set when a write failed (disk full, IO error): the file is then left as it is on disk. */
  private boolean ioFailed;
  private long bytesWritten;

  private FragmentedMp4Muxer(MuxerSettings settings, AVFormatContext context, AVPacket scratch) {
    this.output = settings.output();
    this.fragmentDurationUs = settings.fragmentDurationUs();
    this.layout = settings.layout();
    this.movflags = layout == FileLayout.REGULAR ? MOVFLAGS_REGULAR_AT_STOP : MOVFLAGS;
    this.context = context;
    this.scratch = scratch;
  }

  static FragmentedMp4Muxer open(MuxerSettings settings) {
    Ffmpeg.init();
    AVFormatContext context = new AVFormatContext(null);
    String path = settings.output().toAbsolutePath().toString();
    Ffmpeg.check(avformat_alloc_output_context2(context, null, "mp4", path),
        "creating an MP4 muxer for " + path);
    AVPacket scratch = av_packet_alloc();
    if (scratch == null) {
      avformat_free_context(context);
      throw new MediaException("out of memory opening the muxer");
    }
    return new FragmentedMp4Muxer(settings, context, scratch);
  }

  @Override
  public int addStream(StreamDescriptor stream) {
    if (begun) {
      throw new IllegalStateException("streams must be added before begin()");
    }
    AVCodecDescriptor codec = avcodec_descriptor_get_by_name(stream.codec());
    if (codec == null || codec.id() == AV_CODEC_ID_NONE) {
      throw new MediaException("unknown codec " + stream.codec());
    }
    AVStream st = avformat_new_stream(context, null);
    if (st == null) {
      throw new MediaException("out of memory adding a stream");
    }
    AVCodecParameters par = st.codecpar();
    par.codec_id(codec.id());
    par.bit_rate(stream.bitRate());
    if (stream.kind() == TrackKind.VIDEO) {
      par.codec_type(AVMEDIA_TYPE_VIDEO);
      par.width(stream.width());
      par.height(stream.height());
      par.format(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
    } else {
      par.codec_type(AVMEDIA_TYPE_AUDIO);
      par.sample_rate(stream.sampleRate());
      par.frame_size(stream.frameSize());
      par.format(org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP);
      av_channel_layout_default(par.ch_layout(), stream.channels());
    }
    byte[] extradata = stream.extradata();
    if (extradata.length > 0) {
      // Owned by codecpar from here on: avformat_free_context frees it.
      BytePointer copy = new BytePointer(av_malloc(extradata.length + 64));
      Pointer.memset(copy, 0, extradata.length + 64);
      copy.put(extradata, 0, extradata.length);
      par.extradata(copy);
      par.extradata_size(extradata.length);
    }
    AVRational timeBase = new AVRational().num(stream.timeBaseNum()).den(stream.timeBaseDen());
    st.time_base(timeBase);
    sourceTimeBases.add(new AVRational().num(stream.timeBaseNum()).den(stream.timeBaseDen()));
    return st.index();
  }

  @Override
  public void begin() {
    if (begun) {
      throw new IllegalStateException("begin() called twice");
    }
    AVIOContext opened = new AVIOContext(null);
    Ffmpeg.check(avio_open(opened, output.toAbsolutePath().toString(), AVIO_FLAG_WRITE),
        "opening " + output + " for writing");
    context.pb(opened);
    io = opened;
    AVDictionary options = new AVDictionary(null);
    try {
      av_dict_set(options, "movflags", movflags, 0);
      av_dict_set(options, "frag_duration", Long.toString(fragmentDurationUs), 0);
      // Each completed fragment goes to the disk at once, not when the IO buffer fills.
      av_dict_set(options, "flush_packets", "1", 0);
      Ffmpeg.check(avformat_write_header(context, options), "writing the MP4 header");
    } finally {
      av_dict_free(options);
    }
    for (int i = 0; i < context.nb_streams(); i++) {
      streamTimeBases.add(context.streams(i).time_base());
    }
    lastDts = new long[context.nb_streams()];
    java.util.Arrays.fill(lastDts, Long.MIN_VALUE);
    begun = true;
    if (layout == FileLayout.INDEXED_FRAGMENTS) {
      // delay_moov: nothing is written yet; the header follows this reserved space.
      byte[] reserved = FrontIndex.placeholder();
      avio_write(io(), reserved, reserved.length);
      avio_flush(io());
    }
  }

  private AVIOContext io() {
    AVIOContext opened = io;
    if (opened == null) {
      throw new IllegalStateException("the output is not open");
    }
    return opened;
  }

  @Override
  public void write(int streamIndex, EncodedPacket packet) {
    if (!begun || finished) {
      throw new IllegalStateException("write() outside begin()..finish()");
    }
    if (packet instanceof FfmpegPacket native_) {
      Ffmpeg.check(av_packet_ref(scratch, native_.avPacket()), "referencing a packet");
    } else {
      copyInto(packet);
    }
    scratch.stream_index(streamIndex);
    av_packet_rescale_ts(scratch, sourceTimeBases.get(streamIndex),
        streamTimeBases.get(streamIndex));
    long pts = scratch.pts();
    long dts = scratch.dts();
    int ret = av_interleaved_write_frame(context, scratch);
    av_packet_unref(scratch);
    if (ret < 0) {
      checkWrite(ret, "writing a packet (stream " + streamIndex + ", pts " + pts + ", dts " + dts
          + ", previous dts " + lastDts[streamIndex] + ") to " + output);
    }
    lastDts[streamIndex] = dts;
    bytesWritten = Math.max(bytesWritten, avio_tell(io()));
  }

  private void copyInto(EncodedPacket packet) {
    ByteBuffer data = packet.data();
    Ffmpeg.check(av_new_packet(scratch, data.remaining()), "allocating a packet");
    int size = data.remaining();
    Pointer.memcpy(scratch.data(), new BytePointer(data), size);
    scratch.pts(packet.pts());
    scratch.dts(packet.dts());
    scratch.duration(packet.duration());
    scratch.flags(packet.isKeyFrame() ? org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY : 0);
  }

  @Override
  public void flush() {
    if (!begun || finished) {
      return;
    }
    checkWrite(av_interleaved_write_frame(context, null), "flushing " + output);
    avio_flush(io());
    bytesWritten = Math.max(bytesWritten, avio_tell(io()));
  }

  private void checkWrite(int ret, String what) {
    if (ret < 0) {
      ioFailed = true;
      Ffmpeg.check(ret, what);
    }
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public void finish() {
    if (!begun || finished) {
      return;
    }
    finished = true;
    if (ioFailed) {
      // Rewriting the index on a failing disk could damage fragments that are fine: keep them.
      throw new dev.liverec.MediaException("not finishing " + output + " after a write error; its "
          + "complete fragments stay playable, and RecordingRecovery can make it a normal MP4");
    }
    Ffmpeg.check(av_write_trailer(context), "writing the MP4 trailer of " + output);
    avio_flush(io());
    // The trailer may rewrite the index in place: the file's size is now the whole story.
    bytesWritten = Math.max(avio_size(io()), avio_tell(io()));
    if (layout == FileLayout.INDEXED_FRAGMENTS) {
      writeFrontIndex();
    }
  }

  private void writeFrontIndex() {
    try {
      int references = FrontIndex.write(output);
      log.debug("{}: front index with {} references", output, references);
    } catch (java.io.IOException e) {
      // The file is complete without it: players read the index at the end instead.
      log.warn("could not write the front index of {}; it plays, but over HTTP only once "
          + "downloaded: {}", output, e.toString());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (io != null) {
      avio_closep(context.pb());
      io = null;
    }
    avformat_free_context(context);
    av_packet_free(scratch);
  }

  @Override
  public String toString() {
    return "FragmentedMp4Muxer[" + output + "]";
  }
}
