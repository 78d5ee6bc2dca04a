// Shared plumbing for the harness scripts: the stdout protocol, configuration from the
// environment, access tokens, a hard overall timeout and orderly shutdown.
//
// Protocol: stdout carries exactly one JSON object per line and nothing else; the Java
// test reads it line by line. Everything else (SDK logs, diagnostics) goes to stderr.
//
// Import this module BEFORE '@livekit/rtc-node' in every entry script: the SDK creates a
// pino logger at load time that would otherwise write JSON log records straight to file
// descriptor 1. Once process.stdout.write has been replaced (below), pino writes through
// process.stdout instead, and we send that to stderr. This module must therefore never
// import '@livekit/rtc-node' itself.

import { parseArgs } from 'node:util';
import { AccessToken } from 'livekit-server-sdk';

const protocolWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = function redirectedToStderr(chunk, encoding, callback) {
  return process.stderr.write(chunk, encoding, callback);
};

/** Writes raw text to the real stdout (for tools such as selfcheck.mjs, not the protocol). */
export function writeStdout(text) {
  protocolWrite(text);
}

/** Token lifetime in seconds. */
export const TOKEN_TTL_SECONDS = 600;

/** Strings that must never reach stdout or stderr (the API secret, minted tokens). */
const secrets = new Set();

function redact(text) {
  let out = text;
  for (const s of secrets) {
    if (s) {
      out = out.split(s).join('<redacted>');
    }
  }
  return out;
}

function jsonReplacer(_key, value) {
  return typeof value === 'bigint' ? Number(value) : value;
}

let terminal = false;

/**
 * Prints one protocol line: {"event": ..., ...fields, "ts": Date.now()} on stdout.
 * After a terminal line (error/result written through fail() or finish()) nothing
 * else is printed.
 */
export function emit(obj) {
  if (terminal) {
    return;
  }
  const line = { ...obj };
  if (line.ts === undefined) {
    line.ts = Date.now();
  }
  protocolWrite(redact(JSON.stringify(line, jsonReplacer)) + '\n');
}

/** Diagnostics for humans, on stderr (redacted). */
export function log(...parts) {
  const text = parts
    .map((p) => (p instanceof Error ? (p.stack ?? String(p)) : typeof p === 'string' ? p : JSON.stringify(p, jsonReplacer)))
    .join(' ');
  process.stderr.write(redact(`[${new Date().toISOString()}] ${text}`) + '\n');
}

/** Monotonic clock in milliseconds (never jumps with wall-clock changes). */
export function now() {
  return performance.now();
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Sleeps until the monotonic clock reaches `deadline` (ms, as returned by now()). */
export async function sleepUntil(deadline) {
  const wait = deadline - now();
  if (wait > 0) {
    await sleep(wait);
  }
}

/** Resolves with the promise's value, or rejects after `ms` with a timeout error. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class UsageError extends Error {}

/**
 * Parses argv with node:util parseArgs. `spec` maps option names to
 * {type: 'string'|'boolean', default?, description}. Prints `usage` and exits 0 on --help.
 * Secrets are never accepted on the command line.
 */
export function parseCli(spec, usage) {
  const options = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec)) {
    options[name] = { type: o.type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false });
  } catch (err) {
    process.stderr.write(usage.endsWith('\n') ? usage : usage + '\n');
    throw new UsageError(err.message);
  }
  const values = parsed.values;
  if (values.help) {
    protocolWrite(usage.endsWith('\n') ? usage : usage + '\n');
    process.exit(0);
  }
  for (const [name, o] of Object.entries(spec)) {
    if (values[name] === undefined && o.default !== undefined) {
      values[name] = o.default;
    }
    if (values[name] === undefined && o.required) {
      process.stderr.write(usage.endsWith('\n') ? usage : usage + '\n');
      throw new UsageError(`missing required option --${name}`);
    }
  }
  return values;
}

/** Parses a positive number option; `integer` demands a whole number. */
export function positiveNumber(values, name, { integer = false, max = Infinity } = {}) {
  const raw = values[name];
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}${max < Infinity ? ` <= ${max}` : ''}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/**
 * Reads LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET. Returns {url, apiKey}; the
 * secret stays in the environment and is only read when a token is minted.
 */
export function readConfig(env = process.env) {
  const missing = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new UsageError(`missing environment variable(s): ${missing.join(', ')}`);
  }
  secrets.add(env.LIVEKIT_API_SECRET);
  return { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY };
}

/**
 * Mints a join token for `identity` in `room`: grants roomJoin, canPublish, canSubscribe,
 * canPublishData; valid for TOKEN_TTL_SECONDS.
 */
export async function mintToken({ identity, room }, env = process.env) {
  const secret = env.LIVEKIT_API_SECRET;
  if (!secret || !env.LIVEKIT_API_KEY) {
    throw new UsageError('LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set');
  }
  secrets.add(secret);
  const at = new AccessToken(env.LIVEKIT_API_KEY, secret, { identity, ttl: TOKEN_TTL_SECONDS });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  const jwt = await at.toJwt();
  secrets.add(jwt);
  return jwt;
}

// ---------------------------------------------------------------------------------------
// SDK (Rust) logs

const SDK_LOG_LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

/**
 * rtc-node initialises its native core with log capture on, so the Rust SDK's log
 * records arrive as FFI "logs" events, which rtc-node drops. With
 * LIVEKIT_HARNESS_SDK_LOG=error|warn|info|debug|trace they are printed to stderr instead
 * (useful when a server double misbehaves). Call before the first SDK call.
 */
export function forwardSdkLogs(levelName = process.env.LIVEKIT_HARNESS_SDK_LOG) {
  if (!levelName) {
    return;
  }
  const max = SDK_LOG_LEVELS.indexOf(levelName.toUpperCase());
  if (max < 0) {
    throw new UsageError(`LIVEKIT_HARNESS_SDK_LOG must be one of ${SDK_LOG_LEVELS.join(', ').toLowerCase()}`);
  }
  const attach = (client) => {
    client?.on?.('ffi_event', (ev) => {
      if (ev?.message?.case !== 'logs') {
        return;
      }
      for (const r of ev.message.value.records ?? []) {
        if (r.level <= max) {
          log(`sdk ${SDK_LOG_LEVELS[r.level] ?? r.level} ${r.target ?? ''}: ${r.message}`);
        }
      }
    });
  };
  if (globalThis._ffiClientInstance) {
    attach(globalThis._ffiClientInstance);
    return;
  }
  // rtc-node keeps its FFI client singleton in globalThis._ffiClientInstance and creates
  // it lazily; hook the assignment so the listener is there from the first event on.
  let client;
  Object.defineProperty(globalThis, '_ffiClientInstance', {
    configurable: true,
    enumerable: true,
    get: () => client,
    set: (value) => {
      client = value;
      attach(value);
    },
  });
}

// ---------------------------------------------------------------------------------------
// Shutdown

const cleanups = [];
let finishing = null;

/** Registers an async cleanup step (run in reverse order by finish/fail). */
export function onCleanup(fn) {
  cleanups.push(fn);
}

/** Time budget for all cleanup steps together. */
const CLEANUP_BUDGET_MS = 8000;

/**
 * Runs the cleanup steps (each bounded, all within CLEANUP_BUDGET_MS) and exits with `code`.
 * `lastLine`, if given, is emitted as the final protocol line before the cleanups run
 * when `lastLineFirst` is true, or after them otherwise.
 */
export function finish(code, lastLine, { lastLineFirst = false } = {}) {
  if (finishing) {
    return finishing;
  }
  finishing = (async () => {
    if (lastLine && lastLineFirst) {
      emit(lastLine);
      terminal = true;
    }
    const deadline = now() + CLEANUP_BUDGET_MS;
    for (const fn of cleanups.reverse()) {
      const left = deadline - now();
      if (left <= 0) {
        log('cleanup budget exhausted; exiting anyway');
        break;
      }
      try {
        await withTimeout(Promise.resolve().then(fn), left, 'cleanup step');
      } catch (err) {
        log('cleanup step failed:', err);
      }
    }
    if (lastLine && !lastLineFirst) {
      emit(lastLine);
      terminal = true;
    }
    process.exit(code);
  })();
  return finishing;
}

/** Emits {"event":"error","message":...} (once), cleans up and exits with `code`. */
export function fail(err, code = 1) {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && !(err instanceof UsageError)) {
    log('error:', err);
  }
  return finish(code, { event: 'error', message }, { lastLineFirst: true });
}

/**
 * Arms the hard overall timeout: after `seconds` it prints {"event":"error",...,
 * "timeout":true} and exits 2 at once (no cleanup, which might itself hang).
 */
export function armHardTimeout(seconds, describeState = () => '') {
  const timer = setTimeout(() => {
    const state = describeState();
    emit({ event: 'error', message: `hard timeout after ${seconds} s${state ? ` (${state})` : ''}`, timeout: true });
    terminal = true;
    process.exit(2);
  }, seconds * 1000);
  // Deliberately not unref()'d: the timer keeps the process alive, so a run can only end
  // through finish()/fail() or this timeout, never by silently draining the event loop.
  return () => clearTimeout(timer);
}

/** Routes crashes and termination signals to fail(). */
export function installProcessHandlers() {
  process.on('unhandledRejection', (reason) => {
    fail(reason instanceof Error ? reason : new Error(`unhandled rejection: ${String(reason)}`));
  });
  process.on('uncaughtException', (err) => {
    fail(err);
  });
  process.on('beforeExit', () => {
    // Only reached if the event loop drains before the script finished.
    fail(new Error('the event loop drained before the run finished'));
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      fail(new Error(`terminated by ${sig}`));
    });
  }
}

/** Runs an entry point: usage errors and failures become an error line and exit 1. */
export function main(fn) {
  installProcessHandlers();
  Promise.resolve()
    .then(fn)
    .catch((err) => fail(err, 1));
}
