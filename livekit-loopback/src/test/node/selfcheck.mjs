#!/usr/bin/env node
// Self-check of the harness without a LiveKit server:
//  1. renders the first 2 s of the publisher's video (raw I420) and audio (raw s16le),
//     checks the burned-in frame numbers and the flash frames in the raw video,
//  2. encodes both with ffmpeg to an MP4 and checks with ffmpeg filters that the white
//     flashes (signalstats YAVG) and the 1 kHz beeps (bandpass + astats RMS) sit at
//     0 s and 1 s, and that the numbers survive encoding,
//  3. checks the frame grid, the access token and the scripts' CLI / error protocol.
// Prints "ok - ..." / "not ok - ..." lines and a closing "N passed, N failed" line;
// exits 1 if anything failed. Needs ffmpeg on PATH (Debian: apt-get install -y ffmpeg).
//
// Usage: node selfcheck.mjs [--keep]     (--keep leaves the rendered files in place)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKEN_TTL_SECONDS, mintToken, writeStdout } from './common.mjs';
import {
  BEEP_US,
  CHANNELS,
  CHUNK_SAMPLES,
  FLASH_LUMA,
  SAMPLE_RATE,
  chunkMediaUs,
  fillTone,
  frameMediaUs,
  i420Size,
  isFlashFrame,
  paintI420,
  readBurnedNumber,
} from './content.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const WIDTH = 640;
const HEIGHT = 360;
const FPS = 30;
const SECONDS = 2;
const keep = process.argv.includes('--keep');

// common.mjs sends console output to stderr (stdout is the scripts' protocol channel).
const say = (text) => writeStdout(`${text}\n`);

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    say(`ok - ${name}${detail ? ` (${detail})` : ''}`);
  } else {
    failed++;
    say(`not ok - ${name}${detail ? ` (${detail})` : ''}`);
  }
}

function ffmpeg(args, { binary = false } = {}) {
  const res = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', ...args], {
    encoding: binary ? 'buffer' : 'utf8',
    maxBuffer: 1 << 30,
  });
  if (res.error) {
    throw new Error(`cannot run ffmpeg (${res.error.message}); install it, e.g. apt-get install -y ffmpeg`);
  }
  if (res.status !== 0) {
    throw new Error(`ffmpeg ${args.join(' ')} failed:\n${binary ? res.stderr.toString() : res.stderr}`);
  }
  return res;
}

/** Parses ffmpeg's metadata=print / ametadata=print output into [{t, value}]. */
function parseMetadata(text, key) {
  const out = [];
  let t = null;
  for (const line of text.split('\n')) {
    const frame = /pts_time:(-?[\d.]+)/.exec(line);
    if (frame) {
      t = Number(frame[1]);
      continue;
    }
    if (line.startsWith(`${key}=`) && t !== null) {
      out.push({ t, value: Number(line.slice(key.length + 1)) });
    }
  }
  return out;
}

// Stand-ins for dev.liverec.frame.VideoFrame / AudioFrame with just what TestPattern and
// ToneGenerator use: packed I420 planes, little-endian s16 samples.
const JAVA_VIDEO_FRAME = `package dev.liverec.frame;
import java.nio.ByteBuffer;
public final class VideoFrame {
  private final int w, h; private final ByteBuffer[] planes;
  public VideoFrame(int w, int h) {
    this.w = w; this.h = h; int cw = (w + 1) / 2, ch = (h + 1) / 2;
    planes = new ByteBuffer[] {ByteBuffer.allocate(w * h), ByteBuffer.allocate(cw * ch), ByteBuffer.allocate(cw * ch)};
  }
  public int width() { return w; }
  public int height() { return h; }
  public ByteBuffer plane(int i) { return planes[i]; }
  public int stride(int i) { return i == 0 ? w : (w + 1) / 2; }
}
`;
const JAVA_AUDIO_FRAME = `package dev.liverec.frame;
import java.nio.ByteBuffer; import java.nio.ByteOrder;
public final class AudioFrame {
  private final ByteBuffer data; private final int rate, channels, samples;
  public AudioFrame(int rate, int channels, int samples) {
    this.rate = rate; this.channels = channels; this.samples = samples;
    data = ByteBuffer.allocate(samples * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
  }
  public ByteBuffer data() { return data; }
  public int sampleRate() { return rate; }
  public int channels() { return channels; }
  public int samples() { return samples; }
}
`;
// Renders frames on the Player's grid: frame n at n * 1e6 / fps us, flash on the first
// frame of each whole second; audio in 10 ms chunks from the same origin.
const JAVA_RENDER = `import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.VideoFrame;
import dev.liverec.testkit.TestPattern;
import dev.liverec.testkit.ToneGenerator;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
public class Render {
  public static void main(String[] a) throws Exception {
    int w = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]), fps = Integer.parseInt(a[2]);
    int frames = Integer.parseInt(a[3]), chunks = Integer.parseInt(a[4]);
    try (var out = new BufferedOutputStream(new FileOutputStream(a[5]))) {
      long lastFlashSecond = -1;
      for (int n = 0; n < frames; n++) {
        long at = n * 1_000_000L / fps, second = at / 1_000_000;
        boolean flash = second != lastFlashSecond && at - second * 1_000_000 < 1_000_000L / fps;
        if (flash) lastFlashSecond = second;
        VideoFrame f = new VideoFrame(w, h);
        TestPattern.paint(f, n, flash);
        for (int i = 0; i < 3; i++) out.write(f.plane(i).array());
      }
    }
    try (var out = new BufferedOutputStream(new FileOutputStream(a[6]))) {
      for (int k = 0; k < chunks; k++) {
        AudioFrame f = new AudioFrame(48_000, 1, 480);
        ToneGenerator.fill(f, k * 10_000L);
        out.write(f.data().array());
      }
    }
  }
}
`;

const dir = mkdtempSync(join(tmpdir(), 'liverec-selfcheck-'));
try {
  // ---------------------------------------------------------------- frame grid
  {
    const gridOk = [30, 25, 24, 7, 60].every((fps) => {
      for (let n = 0; n < fps * 3; n++) {
        const at = frameMediaUs(n, fps);
        const firstOfSecond = n === 0 || Math.floor(frameMediaUs(n - 1, fps) / 1e6) !== Math.floor(at / 1e6);
        if (isFlashFrame(n, fps) !== firstOfSecond) {
          return false;
        }
      }
      return true;
    });
    check('flash frames are the first frame of each whole second (fps 30, 25, 24, 7, 60)', gridOk);
    const flashes30 = [];
    for (let n = 0; n < 90; n++) {
      if (isFlashFrame(n, 30)) {
        flashes30.push(n);
      }
    }
    check('at 30 fps frames 0, 30, 60 flash', JSON.stringify(flashes30) === '[0,30,60]', JSON.stringify(flashes30));
  }

  // ---------------------------------------------------------------- render raw media
  const frames = FPS * SECONDS;
  const frameSize = i420Size(WIDTH, HEIGHT);
  const video = new Uint8Array(frameSize * frames);
  for (let n = 0; n < frames; n++) {
    paintI420(video.subarray(n * frameSize, (n + 1) * frameSize), WIDTH, HEIGHT, n, isFlashFrame(n, FPS));
  }
  const chunks = (SECONDS * 1_000_000) / chunkMediaUs(1);
  const audio = new Int16Array(chunks * CHUNK_SAMPLES * CHANNELS);
  for (let k = 0; k < chunks; k++) {
    fillTone(audio.subarray(k * CHUNK_SAMPLES * CHANNELS, (k + 1) * CHUNK_SAMPLES * CHANNELS), chunkMediaUs(k), SAMPLE_RATE, CHANNELS, CHUNK_SAMPLES);
  }
  const videoPath = join(dir, 'video.i420');
  const audioPath = join(dir, 'audio.s16le');
  writeFileSync(videoPath, video);
  writeFileSync(audioPath, new Uint8Array(audio.buffer));

  // ---------------------------------------------------------------- raw video checks
  {
    const luma = (n) => video.subarray(n * frameSize, n * frameSize + WIDTH * HEIGHT);
    const probe = [1, 2, 3, 17, 29, 31, 45, 59];
    const read = probe.map((n) => readBurnedNumber(luma(n), WIDTH, WIDTH, HEIGHT));
    check('raw: burned-in numbers read back', read.every((v, i) => v === probe[i]), `frames ${probe.join(',')} -> ${read.join(',')}`);
    const flashOk = [0, 30].every((n) => {
      const f = video.subarray(n * frameSize, (n + 1) * frameSize);
      return f.subarray(0, WIDTH * HEIGHT).every((v) => v === FLASH_LUMA) && f.subarray(WIDTH * HEIGHT).every((v) => v === 128);
    });
    check('raw: frames 0 and 30 are full flashes (Y 235, U/V 128)', flashOk);
    let moving = true;
    for (let n = 2; n < frames; n++) {
      if (isFlashFrame(n, FPS) || isFlashFrame(n - 1, FPS)) {
        continue;
      }
      const a = luma(n);
      const b = luma(n - 1);
      let min = 255;
      let max = 0;
      let diff = 0;
      for (let i = 0; i < a.length; i += 7) {
        min = Math.min(min, a[i]);
        max = Math.max(max, a[i]);
        diff += a[i] !== b[i] ? 1 : 0;
      }
      if (max - min < 50 || diff < a.length / 7 / 2) {
        moving = false;
      }
    }
    check('raw: non-flash frames are textured and change every frame', moving);
    let peak = 0;
    for (const s of audio) {
      peak = Math.max(peak, Math.abs(s));
    }
    const beepPeak = peak / 32767;
    check('raw: audio peak is tone + beep (~0.53 of full scale)', beepPeak > 0.5 && beepPeak < 0.54, beepPeak.toFixed(3));
    const quiet = audio.subarray((SAMPLE_RATE * 300) / 1000, (SAMPLE_RATE * 600) / 1000);
    let quietPeak = 0;
    for (const s of quiet) {
      quietPeak = Math.max(quietPeak, Math.abs(s));
    }
    check('raw: between beeps only the 0.03 tone remains', Math.abs(quietPeak / 32767 - 0.03) < 0.002, (quietPeak / 32767).toFixed(4));
  }

  // ---------------------------------------------------------------- encode to MP4
  const encoders = ffmpeg(['-encoders']).stdout;
  const videoCodec = /\blibx264\b/.test(encoders) ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16'] : ['-c:v', 'mpeg4', '-q:v', '2'];
  const mp4 = join(dir, 'selfcheck.mp4');
  ffmpeg([
    '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${WIDTH}x${HEIGHT}`, '-framerate', String(FPS), '-i', videoPath,
    '-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS), '-i', audioPath,
    ...videoCodec, '-g', String(FPS), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k',
    mp4,
  ]);
  check('ffmpeg encoded the MP4', true, `${videoCodec[1]} + aac`);

  // ---------------------------------------------------------------- flashes in the MP4
  const frameTime = 1 / FPS;
  let flashTimes = [];
  {
    const res = ffmpeg(['-loglevel', 'error', '-i', mp4, '-an', '-vf', 'signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-', '-f', 'null', '-']);
    const yavg = parseMetadata(res.stdout, 'lavfi.signalstats.YAVG');
    check('mp4: decoded all video frames', yavg.length === frames, `${yavg.length}`);
    flashTimes = yavg.filter((s) => s.value > 200).map((s) => s.t);
    const expected = [0, 1];
    const ok = flashTimes.length === expected.length && flashTimes.every((t, i) => Math.abs(t - expected[i]) < frameTime / 2);
    const others = yavg.filter((s) => s.value <= 200).map((s) => s.value);
    check('mp4: signalstats YAVG > 200 exactly at 0 s and 1 s', ok, `flashes at ${flashTimes.map((t) => t.toFixed(3)).join(', ')} s; other frames YAVG ${Math.min(...others).toFixed(1)}..${Math.max(...others).toFixed(1)}`);
  }

  // ---------------------------------------------------------------- beeps in the MP4
  {
    const windowSamples = SAMPLE_RATE / 200; // 5 ms windows
    const res = ffmpeg([
      '-loglevel', 'error', '-i', mp4, '-vn', '-af',
      `bandpass=f=1000:width_type=q:w=4,asetnsamples=n=${windowSamples}:p=0,astats=metadata=1:reset=1,ametadata=mode=print:key=lavfi.astats.Overall.RMS_level:file=-`,
      '-f', 'null', '-',
    ]);
    const rms = parseMetadata(res.stdout, 'lavfi.astats.Overall.RMS_level');
    const threshold = -25;
    const runs = [];
    for (const w of rms) {
      const loud = w.value > threshold;
      const last = runs[runs.length - 1];
      if (loud && last && last.open) {
        last.end = w.t + windowSamples / SAMPLE_RATE;
      } else if (loud) {
        runs.push({ start: w.t, end: w.t + windowSamples / SAMPLE_RATE, open: true });
      } else if (last) {
        last.open = false;
      }
    }
    const quiet = rms.filter((w) => w.value <= threshold).map((w) => w.value);
    const detail = `beeps ${runs.map((r) => `${r.start.toFixed(3)}-${r.end.toFixed(3)}`).join(', ')} s; 1 kHz band between beeps <= ${Math.max(...quiet).toFixed(1)} dB`;
    const onsetsOk = runs.length === 2 && runs.every((r, i) => Math.abs(r.start - i) <= 0.02);
    const lengthsOk = runs.every((r) => Math.abs(r.end - r.start - BEEP_US / 1e6) <= 0.03);
    check('mp4: 1 kHz beeps (bandpass + astats RMS) start at 0 s and 1 s and last ~100 ms', onsetsOk && lengthsOk, detail);
    const syncOk = runs.length === flashTimes.length && runs.every((r, i) => Math.abs(r.start - flashTimes[i]) <= frameTime);
    check('mp4: each beep starts within one frame of its flash', syncOk);
  }

  // ---------------------------------------------------------------- numbers after encoding
  {
    const res = ffmpeg(['-loglevel', 'error', '-i', mp4, '-an', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { binary: true });
    const gray = new Uint8Array(res.stdout.buffer, res.stdout.byteOffset, res.stdout.length);
    const count = gray.length / (WIDTH * HEIGHT);
    let wrong = [];
    for (let i = 0; i < count; i++) {
      if (isFlashFrame(i, FPS)) {
        continue;
      }
      const n = readBurnedNumber(gray.subarray(i * WIDTH * HEIGHT, (i + 1) * WIDTH * HEIGHT), WIDTH, WIDTH, HEIGHT);
      if (n !== i) {
        wrong.push(`${i}->${n}`);
      }
    }
    check('mp4: burned-in number of every decoded non-flash frame equals its index', count === frames && wrong.length === 0, wrong.length ? wrong.slice(0, 5).join(' ') : `${count - 2} frames`);
  }

  // ---------------------------------------------------------------- Java testkit cross-check
  // Compiles the project's TestPattern and ToneGenerator (read in place, with minimal
  // stand-ins for the frame classes they paint into) and compares their output with
  // content.mjs byte for byte. Skipped when javac or the sources are not there.
  {
    const testkit = join(HERE, '..', '..', '..', '..', 'recorder-testkit', 'src', 'main', 'java', 'dev', 'liverec', 'testkit');
    const sources = ['TestPattern.java', 'ToneGenerator.java'].map((f) => join(testkit, f));
    const javac = spawnSync('javac', ['-version'], { encoding: 'utf8' });
    if (javac.error || !sources.every((f) => existsSync(f))) {
      say('ok - java: content.mjs matches TestPattern/ToneGenerator # SKIP javac or testkit sources not found');
    } else {
      const jdir = join(dir, 'java');
      mkdirSync(join(jdir, 'dev', 'liverec', 'frame'), { recursive: true });
      writeFileSync(join(jdir, 'dev', 'liverec', 'frame', 'VideoFrame.java'), JAVA_VIDEO_FRAME);
      writeFileSync(join(jdir, 'dev', 'liverec', 'frame', 'AudioFrame.java'), JAVA_AUDIO_FRAME);
      writeFileSync(join(jdir, 'Render.java'), JAVA_RENDER);
      const classes = join(dir, 'classes');
      const compiled = spawnSync('javac', ['-nowarn', '-d', classes, ...sources, join(jdir, 'dev', 'liverec', 'frame', 'VideoFrame.java'), join(jdir, 'dev', 'liverec', 'frame', 'AudioFrame.java'), join(jdir, 'Render.java')], { encoding: 'utf8' });
      if (compiled.status !== 0) {
        check('java: TestPattern/ToneGenerator compile against the stand-in frame classes', false, compiled.stderr.split('\n').slice(0, 3).join(' '));
      } else {
        const jv = join(dir, 'java.i420');
        const ja = join(dir, 'java.s16le');
        const ran = spawnSync('java', ['-cp', classes, 'Render', String(WIDTH), String(HEIGHT), String(FPS), String(frames), String(chunks), jv, ja], { encoding: 'utf8' });
        if (ran.status !== 0) {
          check('java: render with TestPattern/ToneGenerator', false, ran.stderr.split('\n')[0]);
        } else {
          const javaVideo = readFileSync(jv);
          const javaAudio = readFileSync(ja);
          check('java: video identical to TestPattern.paint (flash on the first frame of each second)', Buffer.compare(javaVideo, Buffer.from(video.buffer)) === 0, `${frames} frames`);
          check('java: audio identical to ToneGenerator.fill (10 ms chunks)', Buffer.compare(javaAudio, Buffer.from(audio.buffer)) === 0, `${chunks} chunks`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- token
  {
    const env = { LIVEKIT_API_KEY: 'selfcheck-key', LIVEKIT_API_SECRET: 'selfcheck-secret-0123456789abcdef0123456789' };
    const jwt = await mintToken({ identity: 'alice', room: 'room-1' }, env);
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
    const v = payload.video ?? {};
    const ok =
      payload.sub === 'alice' &&
      payload.iss === 'selfcheck-key' &&
      payload.exp - payload.nbf === TOKEN_TTL_SECONDS &&
      v.room === 'room-1' &&
      v.roomJoin === true &&
      v.canPublish === true &&
      v.canSubscribe === true &&
      v.canPublishData === true;
    check('token: identity, room, grants and 10 min ttl', ok, JSON.stringify({ sub: payload.sub, ttl: payload.exp - payload.nbf, video: v }));
  }

  // ---------------------------------------------------------------- CLI and error protocol
  {
    for (const script of ['subscriber.mjs', 'publisher.mjs']) {
      const res = spawnSync(process.execPath, [join(HERE, script), '--help'], { encoding: 'utf8', timeout: 30_000 });
      check(`${script} --help`, res.status === 0 && res.stdout.startsWith('Usage:'), `exit ${res.status}`);
    }
    const secret = 'selfcheck-secret-must-not-leak-9f8e7d6c5b4a';
    const env = { ...process.env, LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: 'selfcheck-key', LIVEKIT_API_SECRET: secret };
    for (const script of ['subscriber.mjs', 'publisher.mjs']) {
      const res = spawnSync(process.execPath, [join(HERE, script), '--room', 'r', '--identity', 'i', '--timeout', '60'], { encoding: 'utf8', env, timeout: 90_000 });
      const lines = res.stdout.split('\n').filter((l) => l !== '');
      let parsed = [];
      try {
        parsed = lines.map((l) => JSON.parse(l));
      } catch {
        parsed = null;
      }
      const ok =
        res.status === 1 &&
        parsed !== null &&
        parsed.length === 1 &&
        parsed[0].event === 'error' &&
        /connect failed/.test(parsed[0].message) &&
        !res.stdout.includes(secret) &&
        !res.stderr.includes(secret);
      check(`${script}: unreachable server -> one {"event":"error"} line on stdout, exit 1, secret never printed`, ok, `exit ${res.status}: ${lines.join(' | ').slice(0, 200)}`);
    }
  }
} catch (err) {
  check('selfcheck ran to the end', false, err.message);
} finally {
  if (keep) {
    say(`# files kept in ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
}

say(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
