#!/usr/bin/env node
// Publishes a synthetic camera and microphone with LiveKit's Node SDK and plays a
// timeline of steps (play, mute, republish). The content matches recorder-testkit's
// TestPattern / ToneGenerator (see content.mjs). See README.md for the protocol lines.

// common.mjs first: it must redirect stray stdout writes before the SDK loads.
import {
  UsageError,
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
  sleepUntil,
  withTimeout,
} from './common.mjs';
import {
  AudioFrame,
  AudioSource,
  DisconnectReason,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoCodec,
  VideoFrame,
  VideoSource,
  dispose,
} from '@livekit/rtc-node';
import {
  CHANNELS,
  CHUNK_SAMPLES,
  SAMPLE_RATE,
  chunkMediaUs,
  fillTone,
  frameMediaUs,
  i420Size,
  isFlashFrame,
  paintI420,
} from './content.mjs';

const USAGE = `Usage: node publisher.mjs --room R --identity I [--width 640] [--height 360] [--fps 30]
                         [--steps play:4,mute:5,play:3,republish,play:4] [--simulcast]
                         [--timeout T]

Connects once to LIVEKIT_URL, publishes a synthetic camera (I420, paced in real time)
and microphone (48 kHz mono, 10 ms chunks) whose content matches recorder-testkit's
TestPattern and ToneGenerator (flash + 1 kHz beep at every whole second of media time,
frame number burned in), plays the steps, then disconnects and exits 0.

Steps (comma separated; durations in seconds, decimals allowed):
  play:S      keep publishing for S seconds
  mute:S      mute the microphone (LocalTrackMute -> MuteTrackRequest to the server),
              keep going S seconds, unmute
  republish   unpublish the camera track and publish a new camera track fed by the
              same source (frame numbering and media clock continue)
  camera-off  unpublish the camera; camera-on publishes a new camera track again
  screen-on   publish a screen share (the same pattern, its flash at every half second
              instead of every whole second); screen-off unpublishes it
Step deadlines are cumulative media time from frame 0, so with the example above the
microphone is muted from 4 s to 9 s and the run ends at 16 s of media time; time
spent publishing counts against the step it happens in.

Options:
  --room R        room name (required)
  --identity I    participant identity (required)
  --width W       frame width (default 640)
  --height H      frame height (default 360)
  --fps F         frame rate, integer 1..240 (default 30)
  --steps LIST    timeline (default play:10)
  --simulcast     publish the camera with simulcast layers (SDK default); without this
                  flag the camera is published as a single VP8 layer
  --timeout T     hard overall timeout in seconds (default: sum of steps + 60); on
                  expiry prints an error line and exits 2
  -h, --help      this text

Environment: LIVEKIT_URL (e.g. ws://127.0.0.1:7880), LIVEKIT_API_KEY, LIVEKIT_API_SECRET.

stdout, one JSON object per line; every line has "ts" (Date.now()) and, once capture has
started, "mediaMs" (media time of the publisher's clock, frame 0 = 0):
  {"event":"connected","ms":..,"participantSid":..,"identity":..}
  {"event":"started","width":W,"height":H,"fps":F,"sampleRate":48000,"channels":1}
  {"event":"published","track":"camera"|"microphone","sid":..}
  {"event":"step","index":i,"step":"play:4"}                 (as each step begins)
  {"event":"muted","track":"microphone","sid":..}
  {"event":"unmuted","track":"microphone","sid":..}
  {"event":"unpublished","track":"camera","sid":OLD}
  {"event":"republished","track":"camera","sid":NEW}
  {"event":"done","videoFrames":N,"audioChunks":M,"lateVideoFrames":L}
  {"event":"disconnected","reason":..}
  {"event":"error","message":..}   (exit 1; exit 2 with "timeout":true)
`;

const DISCONNECT_TIMEOUT_MS = 5000;
/** The SDK's audio queue, ms: short, as a live microphone's. */
const AUDIO_QUEUE_MS = 50;
/** An audio chunk this late against the media clock is dropped, not queued. */
const AUDIO_LATE_MS = 40;

/** A camera bit rate that keeps every frame: about 0.2 bit per pixel, at least 300 kbit/s. */
function cameraBitRate(width, height, fps) {
  return Math.max(300_000, Math.round(width * height * fps * 0.2));
}

/** Parses "play:4,mute:5,republish" into [{kind, seconds, text}]. */
function parseSteps(text) {
  const steps = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') {
      continue;
    }
    if (['republish', 'camera-off', 'camera-on', 'screen-on', 'screen-off'].includes(item)) {
      steps.push({ kind: item, seconds: 0, text: item });
      continue;
    }
    const m = /^(play|mute):(\d+(?:\.\d+)?)$/.exec(item);
    if (!m || !(Number(m[2]) > 0)) {
      throw new UsageError(`bad step ${JSON.stringify(item)}: expected play:S, mute:S, republish, `
        + 'camera-off, camera-on, screen-on or screen-off');
    }
    steps.push({ kind: m[1], seconds: Number(m[2]), text: item });
  }
  if (steps.length === 0) {
    throw new UsageError('--steps is empty');
  }
  return steps;
}

/**
 * Mutes or unmutes a local track. rtc-node 1.1.0 has no public mute API for local
 * tracks, so this sends the FFI's LocalTrackMuteRequest through the SDK's own FFI client
 * (the same call LiveKit's other FFI-based SDKs expose as LocalAudioTrack.mute()). The
 * Rust SDK then disables the WebRTC track (silence is sent) and sends
 * SignalRequest{mute: MuteTrackRequest{sid, muted}} to the server.
 */
function setLocalTrackMuted(track, muted) {
  const ffi = globalThis._ffiClientInstance;
  const handle = track?.ffi_handle?.handle;
  if (!ffi || typeof ffi.request !== 'function' || handle === undefined) {
    throw new Error('cannot reach the SDK FFI client to mute the track (rtc-node internals changed?)');
  }
  const res = ffi.request({ message: { case: 'localTrackMute', value: { trackHandle: handle, mute: muted } } });
  if (!res || res.muted !== muted) {
    throw new Error(`LocalTrackMuteRequest(mute=${muted}) answered ${JSON.stringify(res)}`);
  }
}

main(async () => {
  const args = parseCli(
    {
      room: { type: 'string', required: true },
      identity: { type: 'string', required: true },
      width: { type: 'string', default: '640' },
      height: { type: 'string', default: '360' },
      fps: { type: 'string', default: '30' },
      steps: { type: 'string', default: 'play:10' },
      simulcast: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
    USAGE,
  );
  const width = positiveNumber(args, 'width', { integer: true, max: 7680 });
  const height = positiveNumber(args, 'height', { integer: true, max: 4320 });
  const fps = positiveNumber(args, 'fps', { integer: true, max: 240 });
  const steps = parseSteps(args.steps);
  const totalSeconds = steps.reduce((sum, s) => sum + s.seconds, 0);
  const timeoutSeconds = args.timeout === undefined ? totalSeconds + 60 : positiveNumber(args, 'timeout');
  const config = readConfig();
  forwardSdkLogs();

  let phase = 'minting token';
  armHardTimeout(timeoutSeconds, () => phase);
  const token = await mintToken({ identity: args.identity, room: args.room });

  const room = new Room();
  let closing = false;
  onCleanup(() => dispose());
  onCleanup(async () => {
    if (room.isConnected) {
      await room.disconnect();
    }
  });

  room.on(RoomEvent.Disconnected, (reason) => {
    if (!closing) {
      fail(new Error(`disconnected by the server during "${phase}": ${DisconnectReason[reason] ?? reason}`));
    }
  });
  room.on(RoomEvent.TrackMuted, (publication, participant) => {
    log(`room event: track ${publication.sid} of ${participant.identity} muted`);
  });
  room.on(RoomEvent.TrackUnmuted, (publication, participant) => {
    log(`room event: track ${publication.sid} of ${participant.identity} unmuted`);
  });
  room.on(RoomEvent.LocalTrackSubscribed, (track) => {
    log(`room event: local track ${track.sid} got its first subscriber`);
  });

  phase = 'connecting';
  log(`connecting to ${config.url} as ${args.identity} in room ${args.room}`);
  const connectStart = now();
  try {
    await room.connect(config.url, token, { autoSubscribe: false, dynacast: false });
  } catch (err) {
    return fail(new Error(`connect failed: ${err?.message ?? err}`), 1);
  }
  emit({
    event: 'connected',
    ms: Math.round(now() - connectStart),
    participantSid: room.localParticipant?.sid,
    identity: room.localParticipant?.identity,
  });
  const participant = room.localParticipant;

  // Sources and tracks. The video source outlives the camera track so that a
  // republished camera continues the same content stream.
  const videoSource = new VideoSource(width, height);
  // The screen share: the same moving pattern, but its flash at every half second (frame
  // fps/2 of each second), so a recording shows which of the two tracks it holds.
  const screenSource = new VideoSource(width, height);
  let screen = null;
  // A microphone delivers what happens now: a short queue (the SDK's default holds 1 s) and
  // chunks more than AUDIO_LATE_MS behind the media clock are dropped, so audio captured before
  // the track is live cannot sit in front of the live audio as a constant delay.
  const audioSource = new AudioSource(SAMPLE_RATE, CHANNELS, AUDIO_QUEUE_MS);
  let camera = LocalVideoTrack.createVideoTrack('camera', videoSource);
  const microphone = LocalAudioTrack.createAudioTrack('microphone', audioSource);
  onCleanup(async () => {
    if (room.isConnected) {
      await room.disconnect();
    }
    await camera.close(false).catch(() => {});
    await microphone.close(false).catch(() => {});
    await videoSource.close().catch(() => {});
    await screenSource.close().catch(() => {});
    await audioSource.close().catch(() => {});
  });

  // Media clock: frame n is due at t0 + n/fps, audio chunk k at t0 + 10 ms * k, both on
  // the monotonic clock, so neither stream drifts (no fixed-period sleeps).
  const t0 = now();
  const t0Us = Math.max(1, Math.round(t0 * 1000)); // timestamp 0 would mean "now" to the SDK
  const mediaMs = () => Math.round(now() - t0);
  const say = (obj) => emit({ ...obj, mediaMs: mediaMs() });
  // Capture covers exactly [0, end of the last step) of media time.
  const endMediaUs = Math.round(totalSeconds * 1_000_000);
  let videoFrames = 0;
  let lateVideoFrames = 0;
  let audioChunks = 0;
  let droppedAudioChunks = 0;

  const videoLoop = (async () => {
    const size = i420Size(width, height);
    const frameUs = 1_000_000 / fps;
    for (let n = 0; ; n++) {
      const atUs = frameMediaUs(n, fps);
      if (atUs >= endMediaUs) {
        break;
      }
      await sleepUntil(t0 + atUs / 1000);
      if (atUs >= endMediaUs) {
        break;
      }
      if ((now() - t0) * 1000 - atUs > frameUs) {
        lateVideoFrames++;
      }
      // A fresh buffer per frame: VideoFrame hands the SDK the address of data.buffer.
      const data = new Uint8Array(size);
      paintI420(data, width, height, n, isFlashFrame(n, fps));
      videoSource.captureFrame(new VideoFrame(data, width, height, VideoBufferType.I420), BigInt(t0Us + atUs));
      videoFrames++;
      if (screen !== null) {
        const shared = new Uint8Array(size);
        paintI420(shared, width, height, n, n % fps === Math.floor(fps / 2));
        screenSource.captureFrame(new VideoFrame(shared, width, height, VideoBufferType.I420), BigInt(t0Us + atUs));
      }
    }
  })();

  const audioLoop = (async () => {
    for (let k = 0; ; k++) {
      const atUs = chunkMediaUs(k);
      if (atUs >= endMediaUs) {
        break;
      }
      await sleepUntil(t0 + atUs / 1000);
      if (atUs >= endMediaUs) {
        break;
      }
      if ((now() - t0) * 1000 - atUs > AUDIO_LATE_MS * 1000) {
        droppedAudioChunks++;
        continue;
      }
      const frame = AudioFrame.create(SAMPLE_RATE, CHANNELS, CHUNK_SAMPLES);
      fillTone(frame.data, atUs, SAMPLE_RATE, CHANNELS, CHUNK_SAMPLES);
      // Captured also while muted: the SDK's mute decides what is sent.
      await audioSource.captureFrame(frame);
      audioChunks++;
    }
  })();
  const loopsDone = Promise.all([videoLoop, audioLoop]);
  loopsDone.catch((err) => fail(err));

  say({ event: 'started', width, height, fps, sampleRate: SAMPLE_RATE, channels: CHANNELS });

  // Without an encoding the SDK applies LiveKit's preset for the size (360p: 20 fps,
  // 450 kbit/s; 180p: 15 fps), dropping a third or half of the frames, flashes included.
  const cameraOptions = () =>
    new TrackPublishOptions({
      source: TrackSource.SOURCE_CAMERA,
      simulcast: args.simulcast,
      videoCodec: VideoCodec.VP8,
      videoEncoding: { maxFramerate: fps, maxBitrate: BigInt(cameraBitRate(width, height, fps)) },
    });
  phase = 'publishing';
  let cameraPublication = await participant.publishTrack(camera, cameraOptions());
  let screenPublication = null;
  say({ event: 'published', track: 'camera', sid: cameraPublication.sid });
  const microphonePublication = await participant.publishTrack(
    microphone,
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  );
  say({ event: 'published', track: 'microphone', sid: microphonePublication.sid });

  // Steps, with cumulative deadlines on the media clock.
  let deadlineMs = 0;
  for (const [index, step] of steps.entries()) {
    phase = `step ${index} ${step.text}`;
    say({ event: 'step', index, step: step.text });
    deadlineMs += step.seconds * 1000;
    if (step.kind === 'play') {
      await sleepUntil(t0 + deadlineMs);
    } else if (step.kind === 'mute') {
      setLocalTrackMuted(microphone, true);
      say({ event: 'muted', track: 'microphone', sid: microphonePublication.sid });
      await sleepUntil(t0 + deadlineMs);
      setLocalTrackMuted(microphone, false);
      say({ event: 'unmuted', track: 'microphone', sid: microphonePublication.sid });
    } else if (step.kind === 'camera-off') {
      const oldSid = cameraPublication.sid;
      await participant.unpublishTrack(oldSid, false);
      await camera.close(false);
      say({ event: 'unpublished', track: 'camera', sid: oldSid });
    } else if (step.kind === 'camera-on') {
      camera = LocalVideoTrack.createVideoTrack('camera', videoSource);
      cameraPublication = await participant.publishTrack(camera, cameraOptions());
      say({ event: 'published', track: 'camera', sid: cameraPublication.sid });
    } else if (step.kind === 'screen-on') {
      screen = LocalVideoTrack.createVideoTrack('screen', screenSource);
      screenPublication = await participant.publishTrack(screen, new TrackPublishOptions({
        source: TrackSource.SOURCE_SCREENSHARE,
        videoCodec: VideoCodec.VP8,
        videoEncoding: { maxFramerate: fps, maxBitrate: BigInt(cameraBitRate(width, height, fps)) },
      }));
      say({ event: 'published', track: 'screen', sid: screenPublication.sid });
    } else if (step.kind === 'screen-off') {
      const oldSid = screenPublication.sid;
      await participant.unpublishTrack(oldSid, false);
      await screen.close(false);
      screen = null;
      say({ event: 'unpublished', track: 'screen', sid: oldSid });
    } else if (step.kind === 'republish') {
      const oldSid = cameraPublication.sid;
      await participant.unpublishTrack(oldSid, false);
      await camera.close(false);
      say({ event: 'unpublished', track: 'camera', sid: oldSid });
      camera = LocalVideoTrack.createVideoTrack('camera', videoSource);
      cameraPublication = await participant.publishTrack(camera, cameraOptions());
      say({ event: 'republished', track: 'camera', sid: cameraPublication.sid });
    }
  }

  phase = 'stopping capture';
  await loopsDone;
  say({ event: 'done', videoFrames, audioChunks, droppedAudioChunks, lateVideoFrames });

  phase = 'disconnecting';
  closing = true;
  let reason = 'CLIENT_INITIATED';
  room.once(RoomEvent.Disconnected, (r) => {
    reason = DisconnectReason[r] ?? String(r);
  });
  try {
    await withTimeout(room.disconnect(), DISCONNECT_TIMEOUT_MS, 'disconnect');
  } catch (err) {
    log('disconnect failed:', err);
    reason = `disconnect failed: ${err.message}`;
  }
  await finish(0, { event: 'disconnected', reason, mediaMs: mediaMs() }, { lastLineFirst: true });
});
