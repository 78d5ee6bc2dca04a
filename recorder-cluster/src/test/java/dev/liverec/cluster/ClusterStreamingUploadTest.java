package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload path byte for byte, against S3Proxy with S3's real 5 MiB part rule: a growing file of
 * MP4 boxes (ftyp, moov, then moof+mdat fragments of 1 MiB, as liverec's muxer appends them) is
 * streamed while it grows. Only whole fragments leave; chunks roll into multipart parts; the
 * finished object is the file; a dead worker's object is completed up to its last whole fragment.
 */
class ClusterStreamingUploadTest {
  private static final int FRAGMENT_BYTES = 1 << 20;

  @TempDir Path dir;
  private S3Store s3;
  private ObjectStore store;
  private final Random random = new Random(15);

  @BeforeEach
  void store() throws Exception {
    s3 = new S3Store(dir.resolve("s3"));
    store = new ObjectStore(s3.storage("unit").partBytes(StorageConfig.S3_MINIMUM_PART_BYTES).build());
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void aGrowingFileLeavesFragmentByFragmentAndEndsAsTheSameBytes() throws IOException {
    Path file = dir.resolve("growing.mp4");
    String key = "unit/growing.mp4";
    StreamingUpload upload = StreamingUpload.begin(store, key, file);
    append(file, box("ftyp", 16), box("moov", 400));
    upload.pump();
    long header = Files.size(file);
    assertThat(upload.uploadedBytes()).isEqualTo(header);

    // A fragment whose mdat is half written does not leave yet; once whole, it does
    byte[] fragment = fragment();
    append(file, Arrays.copyOf(fragment, fragment.length / 2));
    upload.pump();
    assertThat(upload.uploadedBytes()).isEqualTo(header);
    append(file, Arrays.copyOfRange(fragment, fragment.length / 2, fragment.length));
    upload.pump();
    assertThat(upload.uploadedBytes()).isEqualTo(Files.size(file));

    // Seven fragments on, the first five (5 MiB) went up again as a part and their chunks were
    // deleted; the last two are chunks
    for (int i = 0; i < 6; i++) {
      append(file, fragment());
      upload.pump();
    }
    assertThat(store.listParts(key, upload.uploadId())).hasSize(1);
    assertThat(chunkCount(key)).isEqualTo(2);

    // The finished file (with an index box at its end) is the object, byte for byte
    append(file, box("mfra", 64));
    assertThat(upload.finish()).isEqualTo(Files.size(file));
    assertThat(store.get(key)).isEqualTo(Files.readAllBytes(file));
    assertThat(chunkCount(key)).isZero();
  }

  /**
   * The indexed layout: a clean stop writes the index into space reserved at the file's front,
   * after that front left in the first part. The object still ends as the local file's bytes.
   */
  @Test
  void aFrontRewrittenAtStopGoesUpAgainWithTheFirstPart() throws IOException {
    Path file = dir.resolve("indexed.mp4");
    String key = "unit/indexed.mp4";
    StreamingUpload upload = StreamingUpload.begin(store, key, file);
    byte[] reserved = box("free", 4096);
    append(file, reserved, box("ftyp", 16), box("moov", 400));
    for (int i = 0; i < 7; i++) {
      append(file, fragment());
      upload.pump();
    }
    assertThat(store.listParts(key, upload.uploadId())).as("the front left in part 1").hasSize(1);

    // The stop's index, in place of the reserved box: same length, other bytes
    byte[] index = box("sidx", reserved.length - 8);
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(index), 0);
    }
    upload.finish();

    assertThat(store.get(key)).isEqualTo(Files.readAllBytes(file));
    assertThat(new String(store.get(key), 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("sidx");
  }

  @Test
  void aDeadWorkersUploadIsCompletedUpToItsLastWholeFragment() throws IOException {
    Path file = dir.resolve("dying.mp4");
    String key = "unit/dying.mp4";
    StreamingUpload upload = StreamingUpload.begin(store, key, file);
    append(file, box("ftyp", 16), box("moov", 400));
    for (int i = 0; i < 6; i++) {
      append(file, fragment());
      upload.pump();
    }
    assertThat(store.listParts(key, upload.uploadId())).hasSize(1);
    long wholeFragments = Files.size(file);
    byte[] last = fragment();
    append(file, Arrays.copyOf(last, last.length - 1000));
    upload.pump();
    upload.abandon(); // the worker dies: parts and chunks stay, nothing completes the object

    long size = new PartCompleter(store).complete(key, upload.uploadId());

    assertThat(size).isEqualTo(wholeFragments);
    byte[] object = store.get(key);
    assertThat(object).isEqualTo(Arrays.copyOf(Files.readAllBytes(file), (int) wholeFragments));
    assertThat(chunkCount(key)).isZero();
    // and completing it again (a completion delivered twice) changes nothing
    assertThat(new PartCompleter(store).complete(key, upload.uploadId())).isEqualTo(wholeFragments);
  }

  private long chunkCount(String key) {
    return s3.list(key + StreamingUpload.CHUNKS).stream().filter(o -> !o.key().endsWith("/")).count();
  }

  private byte[] fragment() {
    byte[] moof = box("moof", 300);
    byte[] mdat = box("mdat", FRAGMENT_BYTES);
    byte[] both = Arrays.copyOf(moof, moof.length + mdat.length);
    System.arraycopy(mdat, 0, both, moof.length, mdat.length);
    return both;
  }

  private byte[] box(String type, int payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload);
    b.putInt(8 + payload).put(type.getBytes(StandardCharsets.ISO_8859_1));
    byte[] body = new byte[payload];
    random.nextBytes(body);
    b.put(body);
    return b.array();
  }

  private static void append(Path file, byte[]... pieces) throws IOException {
    for (byte[] piece : pieces) {
      Files.write(file, piece, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
