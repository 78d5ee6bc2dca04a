package dev.liverec.testkit;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.SourceEvent;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Walks a {@link Scenario}'s steps and yields its {@link Emission}s in delivery order. Used both
 * to play a scenario and, dry, to work out its duration and frame count.
 */
final class Player {
  private static final long AUDIO_FRAME_US = 10_000;

  private final List<Scenario.Step> steps;
  private final SplittableRandom random;
  private final boolean audio;
  private final Emission emission = new Emission();
  private int stepIndex;
  private long mediaUs;
  private long segmentEndUs = -1;
  private long nextVideoUs;
  /** Video frames sit on a grid: gridOriginUs + k / fps seconds, so no rounding accumulates. */
  private long gridOriginUs;
  private long gridIndex;
  private long nextAudioUs;
  private long audioStartUs;
  private int width;
  private int height;
  private int fps;
  private int sampleRate;
  private int channels;
  private boolean muted;
  private long jitterUs;
  private int burstLeft;
  private long burstReleaseUs;
  private int dropPercent;
  private boolean backwardsNext;
  private boolean duplicateNext;
  private long frameNumber;
  private long lastCaptureUs = Long.MIN_VALUE;
  private long lastFlashSecond = -1;

  Player(Scenario scenario) {
    this.steps = scenario.steps();
    this.random = new SplittableRandom(scenario.seed());
    this.audio = scenario.hasAudio();
    this.width = scenario.width();
    this.height = scenario.height();
    this.fps = scenario.frameRate();
    this.sampleRate = scenario.sampleRate();
    this.channels = scenario.channels();
  }

  /** Media time reached so far. */
  long mediaUs() {
    return mediaUs;
  }

  /** The next emission (reused object), or null at the end of the script. */
  @Nullable Emission next() {
    while (true) {
      if (segmentEndUs >= 0) {
        Emission e = nextInSegment();
        if (e != null) {
          return e;
        }
        mediaUs = segmentEndUs;
        segmentEndUs = -1;
      }
      if (stepIndex == steps.size()) {
        return null;
      }
      Emission e = apply(steps.get(stepIndex++));
      if (e != null) {
        return e;
      }
    }
  }

  private @Nullable Emission nextInSegment() {
    long audioAt = audio && !muted ? Math.max(nextAudioUs, audioStartUs) : Long.MAX_VALUE;
    while (true) {
      long t = Math.min(nextVideoUs, audioAt);
      if (t >= segmentEndUs) {
        return null;
      }
      if (nextVideoUs <= audioAt) {
        long at = nextVideoUs;
        frameNumber++;
        advanceGrid();
        if (dropPercent > 0 && random.nextInt(100) < dropPercent) {
          continue;
        }
        return video(at);
      }
      nextAudioUs = audioAt + AUDIO_FRAME_US;
      return audio(audioAt);
    }
  }

  private void advanceGrid() {
    gridIndex++;
    nextVideoUs = gridOriginUs + gridIndex * 1_000_000L / fps;
  }

  private Emission video(long at) {
    Emission e = emission;
    e.kind = Emission.Kind.VIDEO;
    e.mediaUs = at;
    long capture = at;
    if (jitterUs > 0) {
      capture += random.nextLong(-jitterUs, jitterUs + 1);
    }
    if (backwardsNext && lastCaptureUs != Long.MIN_VALUE) {
      capture = lastCaptureUs - 2_000_000L / fps;
      backwardsNext = false;
    } else if (duplicateNext && lastCaptureUs != Long.MIN_VALUE) {
      capture = lastCaptureUs;
      duplicateNext = false;
    }
    lastCaptureUs = capture;
    e.captureUs = capture;
    e.deliverUs = at;
    if (burstLeft > 0) {
      e.deliverUs = Math.max(at, burstReleaseUs);
      burstLeft--;
    }
    e.width = width;
    e.height = height;
    e.frameNumber = frameNumber - 1;
    long second = at / 1_000_000;
    e.flash = second != lastFlashSecond && at - second * 1_000_000 < 1_000_000L / fps;
    if (e.flash) {
      lastFlashSecond = second;
    }
    return e;
  }

  private Emission audio(long at) {
    Emission e = emission;
    e.kind = Emission.Kind.AUDIO;
    e.mediaUs = at;
    e.deliverUs = at;
    e.captureUs = at + (jitterUs > 0 ? random.nextLong(-jitterUs / 4, jitterUs / 4 + 1) : 0);
    e.sampleRate = sampleRate;
    e.channels = channels;
    e.samples = (int) (sampleRate * AUDIO_FRAME_US / 1_000_000);
    return e;
  }

  private Emission event(SourceEvent event) {
    Emission e = emission;
    e.kind = Emission.Kind.EVENT;
    e.deliverUs = mediaUs;
    e.mediaUs = mediaUs;
    e.event = event;
    return e;
  }

  private @Nullable Emission apply(Scenario.Step step) {
    if (step instanceof Scenario.Step.Play play) {
      segmentEndUs = mediaUs + play.durationUs();
      nextAudioUs = Math.max(nextAudioUs, mediaUs);
    } else if (step instanceof Scenario.Step.Gap gap) {
      long end = mediaUs + gap.durationUs();
      while (nextVideoUs < end) {
        advanceGrid();
        frameNumber++;
      }
      nextAudioUs = end;
      mediaUs = end;
    } else if (step instanceof Scenario.Step.Resize resize) {
      width = resize.width();
      height = resize.height();
    } else if (step instanceof Scenario.Step.Mute) {
      muted = true;
      return event(SourceEvent.muted(TrackKind.AUDIO));
    } else if (step instanceof Scenario.Step.Unmute) {
      muted = false;
      nextAudioUs = Math.max(nextAudioUs, mediaUs);
      return event(SourceEvent.unmuted(TrackKind.AUDIO));
    } else if (step instanceof Scenario.Step.Jitter jitter) {
      jitterUs = jitter.maxUs();
    } else if (step instanceof Scenario.Step.Burst burst) {
      burstLeft = burst.frames();
      burstReleaseUs = nextVideoUs + (burst.frames() - 1) * (1_000_000L / fps);
    } else if (step instanceof Scenario.Step.DropFrames drop) {
      dropPercent = drop.percent();
    } else if (step instanceof Scenario.Step.BackwardsTimestamp) {
      backwardsNext = true;
    } else if (step instanceof Scenario.Step.DuplicateTimestamp) {
      duplicateNext = true;
    } else if (step instanceof Scenario.Step.AudioLate late) {
      audioStartUs = mediaUs + late.delayUs();
    } else if (step instanceof Scenario.Step.FpsChange change) {
      // The new grid passes through whole seconds, as the old one did, so the sync flash still
      // falls on the second its beep marks (a grid from an odd origin put it up to a frame late).
      fps = change.fps();
      gridOriginUs = nextVideoUs / 1_000_000 * 1_000_000;
      gridIndex = Math.floorDiv((nextVideoUs - gridOriginUs) * fps + 999_999, 1_000_000);
      nextVideoUs = gridOriginUs + gridIndex * 1_000_000L / fps;
    } else if (step instanceof Scenario.Step.SampleRateChange change) {
      sampleRate = change.rate();
    } else if (step instanceof Scenario.Step.ChannelsChange change) {
      channels = change.channels();
    }
    return null;
  }
}
