// Synthetic camera and microphone content, mirroring recorder-testkit's TestPattern,
// ToneGenerator and the Player frame grid so that the FFmpeg-based analysers find the
// same markers in a recording of a LiveKit room as in a recording of a Scenario.
//
// Pure functions only: no LiveKit SDK import, so selfcheck.mjs can use this module
// without native bindings.

/** Luma of a sync-marker flash frame (TestPattern.FLASH_LUMA). */
export const FLASH_LUMA = 235;
/** Bits of the burned-in frame number (TestPattern.NUMBER_BITS). */
export const NUMBER_BITS = 24;
/** Luma of a set bit / a clear bit of the burned-in number. */
export const BIT_ONE = 220;
export const BIT_ZERO = 24;

/** Background tone and beep, as in ToneGenerator. */
export const TONE_LEVEL = 0.03;
export const TONE_HZ = 440;
export const BEEP_LEVEL = 0.5;
export const BEEP_HZ = 1000;
export const BEEP_US = 100_000;

/** Audio chunking used by the publisher: 48 kHz mono, 10 ms per chunk. */
export const SAMPLE_RATE = 48_000;
export const CHANNELS = 1;
export const CHUNK_US = 10_000;
export const CHUNK_SAMPLES = (SAMPLE_RATE * CHUNK_US) / 1_000_000; // 480

/**
 * Media time of video frame n in microseconds: the Player's grid from origin 0,
 * gridIndex * 1_000_000 / fps with integer division, so no rounding accumulates.
 */
export function frameMediaUs(n, fps) {
  return Math.floor((n * 1_000_000) / fps);
}

/**
 * True for the sync-flash frame: the first frame of each whole second of media time,
 * provided it starts less than one (integer) frame interval after the second
 * (Player.video(): second != lastFlashSecond && at - second < 1_000_000 / fps).
 * For fps dividing 1e6 evenly, e.g. 30 or 25, this is n % fps == 0.
 */
export function isFlashFrame(n, fps) {
  const at = frameMediaUs(n, fps);
  const second = Math.floor(at / 1_000_000);
  if (at - second * 1_000_000 >= Math.floor(1_000_000 / fps)) {
    return false;
  }
  if (n === 0) {
    return true;
  }
  // The previous frame in the same second would already have been the flash.
  return Math.floor(frameMediaUs(n - 1, fps) / 1_000_000) !== second;
}

/** Bytes of an I420 frame with tightly packed planes (strides width, (width+1)/2). */
export function i420Size(width, height) {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  return width * height + 2 * cw * ch;
}

const MASK64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** TestPattern.mix: the SplitMix64/MurmurHash3 finaliser on a 64-bit two's complement value. */
function mix64(z) {
  z = ((z ^ (z >> 33n)) * 0xff51afd7ed558ccdn) & MASK64;
  z = ((z ^ (z >> 33n)) * 0xc4ceb9fe1a85ec53n) & MASK64;
  return z ^ (z >> 33n);
}

/** Block edge of the burned-in number, as TestPattern.burnNumber computes it. */
export function numberBlockSize(width, height) {
  return Math.max(2, Math.min(Math.floor(width / (NUMBER_BITS + 2)), Math.floor(height / 8)));
}

/**
 * Paints frame number n into `buf` (a Uint8Array of i420Size(width, height) bytes,
 * planes Y, U, V packed with strides width, cw, cw), exactly as TestPattern.paint does.
 */
export function paintI420(buf, width, height, n, flash) {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const ySize = width * height;
  if (flash) {
    buf.fill(FLASH_LUMA, 0, ySize);
  } else {
    const shift = n * 3;
    const bn = BigInt(n);
    for (let r = 0; r < height; r++) {
      const base = r + shift;
      const noise = Number(mix64((BigInt(r) * GOLDEN + bn) & MASK64) & 0xffn);
      const rowStart = r * width;
      for (let c = 0; c < width; c++) {
        buf[rowStart + c] = 16 + ((base + c) & 0x7f) + ((noise ^ (c * 37)) & 0x3f);
      }
    }
    burnNumber(buf, width, width, height, n);
  }
  const low6 = n % 64;
  const u = flash ? 128 : 96 + low6;
  const v = flash ? 128 : 160 - low6;
  buf.fill(u, ySize, ySize + cw * ch);
  buf.fill(v, ySize + cw * ch, ySize + 2 * cw * ch);
  return buf;
}

/** TestPattern.burnNumber: 24 blocks, MSB first, in the block row starting at y = block. */
function burnNumber(y, stride, width, height, n) {
  const block = numberBlockSize(width, height);
  for (let bit = 0; bit < NUMBER_BITS; bit++) {
    const set = Math.floor(n / 2 ** (NUMBER_BITS - 1 - bit)) % 2 === 1;
    const value = set ? BIT_ONE : BIT_ZERO;
    const x0 = block + bit * block;
    if (x0 + block > width) {
      break;
    }
    const rowEnd = Math.min(height, 2 * block);
    for (let r = block; r < rowEnd; r++) {
      y.fill(value, r * stride + x0, r * stride + x0 + block);
    }
  }
}

/**
 * Reads the burned-in number back from a luma plane by averaging the centre of each
 * block and thresholding half-way between the two block values. Returns null when a
 * block is neither clearly dark nor clearly bright (e.g. a flash frame).
 */
export function readBurnedNumber(y, stride, width, height) {
  const block = numberBlockSize(width, height);
  const threshold = (BIT_ONE + BIT_ZERO) / 2;
  let n = 0;
  for (let bit = 0; bit < NUMBER_BITS; bit++) {
    const x0 = block + bit * block;
    if (x0 + block > width) {
      return null;
    }
    const margin = Math.floor(block / 4);
    let sum = 0;
    let count = 0;
    for (let r = block + margin; r < Math.min(height, 2 * block) - margin; r++) {
      for (let c = x0 + margin; c < x0 + block - margin; c++) {
        sum += y[r * stride + c];
        count++;
      }
    }
    const mean = sum / count;
    if (Math.abs(mean - BIT_ONE) > 40 && Math.abs(mean - BIT_ZERO) > 40) {
      return null;
    }
    n = n * 2 + (mean > threshold ? 1 : 0);
  }
  return n;
}

/**
 * Fills `data` (Int16Array, interleaved) with the signal starting at media time
 * startUs, exactly as ToneGenerator.fill: sample i sits at startUs + i * 1e6 / rate
 * microseconds (integer division), a 440 Hz tone at 0.03 plus a 1 kHz beep at 0.5
 * during the first 100 ms of every whole second.
 */
export function fillTone(data, startUs, sampleRate, channels, samples) {
  for (let i = 0; i < samples; i++) {
    const tUs = startUs + Math.floor((i * 1_000_000) / sampleRate);
    const t = tUs / 1e6;
    let value = TONE_LEVEL * Math.sin(2 * Math.PI * TONE_HZ * t);
    if (tUs % 1_000_000 < BEEP_US) {
      value += BEEP_LEVEL * Math.sin(2 * Math.PI * BEEP_HZ * t);
    }
    // Java's Math.round is floor(x + 0.5), as is JavaScript's.
    const sample = Math.round(value * 32767);
    for (let c = 0; c < channels; c++) {
      data[i * channels + c] = sample;
    }
  }
  return data;
}

/** Media time of audio chunk k (10 ms chunks from the same origin as video frame 0). */
export function chunkMediaUs(k) {
  return k * CHUNK_US;
}
