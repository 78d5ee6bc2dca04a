package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.MediaProbe;
import dev.liverec.testkit.ProbeOptions;
import dev.liverec.testkit.ProbeReport;
import java.nio.file.Path;

/** Downloads a part's object from S3 and decodes it with FFmpeg: the only truth about a part. */
final class Parts {
  private Parts() {}

  /** The decoded part; asserts it decodes without an error to its end. */
  static ProbeReport decode(Fleet fleet, Path dir, String mint, PartView part) {
    assertThat(part.objectUri()).as("%s part %d has an object", mint, part.index()).isNotNull();
    Path file = fleet.s3.download(part.objectUri(), dir.resolve(mint + "-part" + part.index() + ".mp4"));
    ProbeReport probe = MediaProbe.probe(file, ProbeOptions.withoutSync());
    assertThat(probe.decodeErrors()).as(probe.summary()).isZero();
    assertThat(probe.scanStopReason()).as(probe.summary()).isNull();
    assertThat(probe.fileSizeBytes()).as("%s part %d size", mint, part.index()).isEqualTo(part.bytes());
    assertThat(probe.videoFrameCount()).as(probe.summary()).isPositive();
    return probe;
  }
}
