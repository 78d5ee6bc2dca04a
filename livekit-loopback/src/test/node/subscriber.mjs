#!/usr/bin/env node
// Joins a room with LiveKit's Node SDK, subscribes to every published track and counts
// what arrives for a fixed window. See README.md for the protocol lines.

// common.mjs first: it must redirect stray stdout writes before the SDK loads.
import {
  armHardTimeout,
  emit,
  fail,
  finish,
  forwardSdkLogs,
  log,
  main,
  mintToken,
  now,
  onCleanup,
  parseCli,
  positiveNumber,
  readConfig,
  withTimeout,
} from './common.mjs';
import {
  AudioStream,
  DisconnectReason,
  Room,
  RoomEvent,
  TrackKind,
  TrackSource,
  VideoStream,
  dispose,
} from '@livekit/rtc-node';

const USAGE = `Usage: node subscriber.mjs --room R --identity I [--seconds S] [--timeout T]

Connects once to LIVEKIT_URL (auto-subscribe on, dynacast off), reads video and audio
frames of every subscribed track for S seconds counted from the first subscription,
then disconnects and prints one "result" line.

Options:
  --room R        room name (required)
  --identity I    participant identity (required)
  --seconds S     length of the reading window in seconds (default 10)
  --timeout T     hard overall timeout in seconds (default S + 60); on expiry prints
                  an error line and exits 2
  -h, --help      this text

Environment: LIVEKIT_URL (e.g. ws://127.0.0.1:7880), LIVEKIT_API_KEY, LIVEKIT_API_SECRET.

stdout, one JSON object per line:
  {"event":"connected","ms":..,"participantSid":..,"identity":..,"ts":..}
  {"event":"subscribed","kind":"video"|"audio","trackSid":..,"participantSid":..,
   "participantIdentity":..,"trackName":..,"source":..,"ts":..}          (per track)
  {"event":"result","connectMs":..,"windowMs":..,
   "video":{"frames":N,"width":W,"height":H,"sizes":{"WxH":N},"firstFrameMs":..},
   "audio":{"frames":N,"samples":N,"sampleRate":R,"channels":C,"peak":..,"rms":..},
   "tracks":[...],"disconnectReason":..,"ts":..}
  {"event":"error","message":..,"ts":..}   (exit 1; exit 2 with "timeout":true)
`;

/** How long disconnect() may take before we give up on it. */
const DISCONNECT_TIMEOUT_MS = 5000;

main(async () => {
  const args = parseCli(
    {
      room: { type: 'string', required: true },
      identity: { type: 'string', required: true },
      seconds: { type: 'string', default: '10' },
      timeout: { type: 'string' },
    },
    USAGE,
  );
  const seconds = positiveNumber(args, 'seconds');
  const timeoutSeconds = args.timeout === undefined ? seconds + 60 : positiveNumber(args, 'timeout');
  const config = readConfig();
  forwardSdkLogs();

  let phase = 'minting token';
  armHardTimeout(timeoutSeconds, () => phase);

  const token = await mintToken({ identity: args.identity, room: args.room });

  const room = new Room();
  onCleanup(() => dispose());
  onCleanup(async () => {
    if (room.isConnected) {
      await room.disconnect();
    }
  });

  /** Per-track statistics, in subscription order. */
  const tracks = [];
  const readers = new Set();
  const readLoops = [];
  let windowStart = null;
  let windowClosed = false;
  let windowTimer = null;
  let firstVideoFrameAt = null;
  let disconnectReason = null;
  let disconnected = false;
  let endWindowRequested = null;

  const endWindow = () => {
    if (windowClosed) {
      return;
    }
    windowClosed = true;
    clearTimeout(windowTimer);
    for (const reader of readers) {
      reader.cancel().catch(() => {});
    }
    endWindowRequested?.();
  };
  const windowEnded = new Promise((resolve) => {
    endWindowRequested = resolve;
  });

  room.on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
    const kind = track.kind === TrackKind.KIND_VIDEO ? 'video' : track.kind === TrackKind.KIND_AUDIO ? 'audio' : 'unknown';
    emit({
      event: 'subscribed',
      kind,
      trackSid: track.sid ?? publication.sid,
      participantSid: participant.sid,
      participantIdentity: participant.identity,
      trackName: publication.name,
      source: TrackSource[publication.source] ?? publication.source,
    });
    if (windowClosed) {
      log(`track ${track.sid} subscribed after the window closed; not reading it`);
      return;
    }
    const subscribedAt = now();
    if (windowStart === null) {
      windowStart = subscribedAt;
      phase = 'reading frames';
      windowTimer = setTimeout(endWindow, seconds * 1000);
    }
    const stats = {
      kind,
      trackSid: track.sid ?? publication.sid,
      participantIdentity: participant.identity,
      frames: 0,
      firstFrameMs: null,
    };
    tracks.push(stats);
    if (kind === 'video') {
      readLoops.push(readVideo(track, stats, subscribedAt));
    } else if (kind === 'audio') {
      readLoops.push(readAudio(track, stats));
    }
  });

  room.on(RoomEvent.TrackUnsubscribed, (track) => {
    log(`track ${track.sid} unsubscribed`);
  });

  room.on(RoomEvent.Disconnected, (reason) => {
    disconnected = true;
    if (disconnectReason === null) {
      disconnectReason = DisconnectReason[reason] ?? String(reason);
    }
    if (!windowClosed) {
      log(`disconnected by the server (${disconnectReason}) before the window ended`);
      if (windowStart === null) {
        fail(new Error(`disconnected before any track was subscribed: ${disconnectReason}`));
        return;
      }
      endWindow();
    }
  });

  async function readVideo(track, stats, subscribedAt) {
    Object.assign(stats, { width: 0, height: 0, sizes: {} });
    const reader = new VideoStream(track).getReader();
    readers.add(reader);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || windowClosed) {
          break;
        }
        const t = now();
        const { width, height } = value.frame;
        if (stats.frames === 0) {
          stats.firstFrameMs = Math.round(t - subscribedAt);
        }
        if (firstVideoFrameAt === null) {
          firstVideoFrameAt = t;
        }
        stats.frames++;
        stats.width = width;
        stats.height = height;
        const key = `${width}x${height}`;
        stats.sizes[key] = (stats.sizes[key] ?? 0) + 1;
      }
    } finally {
      readers.delete(reader);
    }
  }

  async function readAudio(track, stats) {
    Object.assign(stats, { samples: 0, sampleRate: 0, channels: 0, peak: 0, sumSquares: 0 });
    const subscribedAt = now();
    const reader = new AudioStream(track, { sampleRate: 48000, numChannels: 1 }).getReader();
    readers.add(reader);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || windowClosed) {
          break;
        }
        if (stats.frames === 0) {
          stats.firstFrameMs = Math.round(now() - subscribedAt);
        }
        stats.frames++;
        stats.samples += value.samplesPerChannel;
        stats.sampleRate = value.sampleRate;
        stats.channels = value.channels;
        const data = value.data;
        for (let i = 0; i < data.length; i++) {
          const s = data[i];
          const a = s < 0 ? -s : s;
          if (a > stats.peak) {
            stats.peak = a;
          }
          stats.sumSquares += s * s;
        }
      }
    } finally {
      readers.delete(reader);
    }
  }

  // Connect exactly once; the SDK's own join retry (RoomOptions.joinRetries) still applies.
  phase = 'connecting';
  log(`connecting to ${config.url} as ${args.identity} in room ${args.room}`);
  const connectStart = now();
  try {
    await room.connect(config.url, token, { autoSubscribe: true, dynacast: false });
  } catch (err) {
    return fail(new Error(`connect failed: ${err?.message ?? err}`), 1);
  }
  const connectMs = Math.round(now() - connectStart);
  emit({
    event: 'connected',
    ms: connectMs,
    participantSid: room.localParticipant?.sid,
    identity: room.localParticipant?.identity,
  });
  phase = 'waiting for the first subscription';

  await windowEnded;
  const windowMs = windowStart === null ? 0 : Math.round(now() - windowStart);
  await Promise.allSettled(readLoops);

  phase = 'disconnecting';
  if (!disconnected) {
    try {
      await withTimeout(room.disconnect(), DISCONNECT_TIMEOUT_MS, 'disconnect');
    } catch (err) {
      log('disconnect failed:', err);
      disconnectReason = disconnectReason ?? `disconnect failed: ${err.message}`;
    }
  }

  const video = { frames: 0, width: 0, height: 0, sizes: {}, firstFrameMs: null };
  const audio = { frames: 0, samples: 0, sampleRate: 0, channels: 0, peak: 0, rms: 0 };
  let audioSquares = 0;
  for (const t of tracks) {
    if (t.kind === 'video') {
      video.frames += t.frames;
      if (t.frames > 0) {
        video.width = t.width;
        video.height = t.height;
      }
      for (const [k, v] of Object.entries(t.sizes)) {
        video.sizes[k] = (video.sizes[k] ?? 0) + v;
      }
    } else if (t.kind === 'audio') {
      audio.frames += t.frames;
      audio.samples += t.samples;
      if (t.frames > 0) {
        audio.sampleRate = t.sampleRate;
        audio.channels = t.channels;
      }
      audio.peak = Math.max(audio.peak, t.peak);
      audioSquares += t.sumSquares;
      t.peak = round4(t.peak / 32768);
      t.rms = t.samples > 0 ? round4(Math.sqrt(t.sumSquares / (t.samples * (t.channels || 1))) / 32768) : 0;
      delete t.sumSquares;
    }
  }
  video.firstFrameMs = firstVideoFrameAt === null ? null : Math.round(firstVideoFrameAt - windowStart);
  audio.peak = round4(audio.peak / 32768);
  audio.rms = audio.samples > 0 ? round4(Math.sqrt(audioSquares / (audio.samples * (audio.channels || 1))) / 32768) : 0;

  await finish(0, {
    event: 'result',
    connectMs,
    windowMs,
    video,
    audio,
    tracks,
    disconnectReason,
  }, { lastLineFirst: true });
});

function round4(x) {
  return Math.round(x * 10000) / 10000;
}
