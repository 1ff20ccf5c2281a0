// The child process of the render pool (see pool.ts): finds the SVG in a model's reply, sanitizes
// untrusted SVG, lays out the A | B image, then rasterizes (and makes frames and GIFs).
// Plain JavaScript so it starts fast and runs the same under vitest, tsx and plain node; the
// sanitizer arrives as a JS bundle the pool built from sanitize.ts (its path is argv[2]).
// Sanitizing here rather than in the parent keeps the parent's event loop free and puts the
// sanitizer under the same time limit as resvg. Runs under an address-space limit, in an empty
// directory, without the parent's environment, and may be SIGKILLed at any moment.
// It also ends itself (watchdog below) when its parent is gone or its memory is over the limit
// (argv[3], MB); the kernel-side guarantees are set up by the pool (worker-command.ts).
import { Resvg } from '@resvg/resvg-js';
import * as harfbuzz from 'harfbuzzjs';
import * as fonts from './fonts.mjs';
import { fontsFor } from './fonts.mjs';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

// sanitizeBlind: the sanitizer, then the drawing's blind form (blind/blind-form.ts); every untrusted
// pixel, frame and GIF is drawn from the blind form, and it is the SVG handed back.
const { compositeSvg, drawingFeatures, extractSvg, sanitizeBlind, sanitizeSvg, frameSvg, runAnimationJob, shapeText, storedDrawingFeatures, useTextEngine } = await import(pathToFileURL(process.argv[2]).href);
const MEMORY_LIMIT_MB = Number(process.argv[3]) || Infinity;

// The watchdog. Runs between jobs (on a timer) and between the frames of a GIF; while resvg holds
// this thread in one render, the kernel's limits and parent-death signal stand in (pool.ts).
// The pool's pid (argv[4]): a parent that died before this line ran is noticed at once.
const PARENT = Number(process.argv[4]) || process.ppid;
const WATCH_MS = 1000;
/** End this process when it is orphaned (adopted by init or a subreaper) or over its memory limit. */
function watchdog() {
  if (process.ppid !== PARENT) process.exit(0);
  const rssMb = process.memoryUsage.rss() / 1024 / 1024;
  if (rssMb > MEMORY_LIMIT_MB) {
    // The pool reads this line to report 'out-of-memory'.
    process.stderr.write(`render worker: out of memory (${Math.round(rssMb)} MB resident, limit ${MEMORY_LIMIT_MB} MB)\n`);
    process.exit(1);
  }
}
// The channel closes when the parent exits or is killed: nothing is left to answer.
process.on('disconnect', () => process.exit(0));
setInterval(watchdog, WATCH_MS).unref();
watchdog(); // a parent that died before this process started watching

/** CPU this process has used, in ms: each answer carries it, so the pool retires a worker before its CPU ceiling. */
function preciseCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
const cpuMs = () => Math.round(preciseCpuMs());

/** Answer the pool. */
function reply(message) {
  process.send({ ...message, cpuMs: cpuMs() });
}

// Text is shaped with HarfBuzz (src/render/text/) before resvg draws it; the bundle cannot find the
// .wasm or the font packages from where it may be built, so they are handed over from here.
useTextEngine(harfbuzz, fonts);

// Bundled fonts only (fonts.mjs): no system-font scan, the same text everywhere; the fonts of
// other scripts are loaded for the SVGs that use them.
/** Reply with an error a person can read; `reason` is a RenderErrorReason. */
function fail(id, reason, message) {
  reply({ id, ok: false, reason, message });
}

// resvg's bitmaps live outside the V8 heap, so a GIF's dozens of frames would pile up until a GC
// that V8 sees no reason to run: the animation job collects after every frame.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');

/** Shaped text, then resvg with the bundled fonts: every still, frame and composite is drawn here. */
function rasterize(svg, { width, background }) {
  svg = shapeText(svg);
  const image = new Resvg(svg, { font: fontsFor(svg), fitTo: width ? { mode: 'width', value: width } : { mode: 'original' }, background, logLevel: 'off' }).render();
  return { width: image.width, height: image.height, pixels: image.pixels, png: () => image.asPng() };
}

function animate(id, job) {
  try {
    const betweenFrames = () => {
      collect();
      watchdog();
    };
    // Sent before resvg blocks this thread: the pool stops the frame if it passes its allowance.
    const beforeFrame = (allowMs, budgetMs) => process.send({ id, frame: { cpuMs: cpuMs(), allowMs, budgetMs } });
    const r = runAnimationJob(job, sanitizeBlind, rasterize, { beforeFrame, afterFrame: betweenFrames, cpuMs: preciseCpuMs, sanitizeFrame: sanitizeSvg });
    reply({ id, ok: true, png: new Uint8Array(0), gif: r.gif, width: r.width, height: r.height, frames: r.frames, seconds: r.seconds, frameMs: r.frameMs });
  } catch (err) {
    const reason = err && typeof err.reason === 'string' ? err.reason : 'invalid';
    fail(id, reason, `the animation could not be made: ${String(err && err.message ? err.message : err)}`);
  }
}

/** The SVG in a model's reply (extract.ts): searched here, under the worker's time limit. */
function extract(id, text) {
  try {
    reply({ id, ok: true, svg: extractSvg(text) });
  } catch (err) {
    if (err && typeof err.reason === 'string') return fail(id, err.reason, err.message);
    fail(id, 'invalid', `the reply could not be read: ${String(err && err.message ? err.message : err)}`);
  }
}

/** The features of a drawing's blind form (features/): a render still succeeds without them. */
function featuresOf(clean) {
  try {
    return drawingFeatures(clean.svg, clean.text);
  } catch {
    return undefined;
  }
}

/** The features of a stored (blind) SVG, for drawings kept before features were: measured, never drawn. */
function measure(id, svg) {
  try {
    reply({ id, ok: true, features: storedDrawingFeatures(svg) });
  } catch (err) {
    fail(id, 'invalid', `the drawing's features could not be measured: ${String(err && err.message ? err.message : err)}`);
  }
}

/** Buffers cross the IPC channel as plain Uint8Arrays. */
const asBuffer = (b) => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : null);

// Slices of a long text that precede its job (see pool.ts, send()), joined in order.
let parts = [];

process.on('message', (msg) => {
  if (!msg || typeof msg !== 'object') return;
  if (msg.op === 'part') {
    parts.push(msg.text);
    return;
  }
  if (parts.length > 0) {
    const head = parts.join('');
    parts = [];
    if (msg.op === 'extract') msg.text = head + msg.text;
    else msg.svg = head + msg.svg;
  }
  const { id, box, background } = msg;
  if (msg.op === 'extract') return extract(id, msg.text);
  if (msg.op === 'features') return measure(id, msg.svg);
  if (msg.animation) return animate(id, msg.animation);
  let { svg, width, trusted } = msg;
  let what = typeof msg.subject === 'string' ? msg.subject : 'the drawing';
  if (msg.op === 'composite') {
    // The A | B image is laid out here too: building its SVG embeds both PNGs as base64.
    what = 'the side-by-side image';
    trusted = true;
    try {
      svg = compositeSvg({ ...msg.input, a: asBuffer(msg.input.a), b: asBuffer(msg.input.b) });
    } catch (err) {
      return fail(id, 'invalid', `the side-by-side image could not be laid out: ${String(err && err.message ? err.message : err)}`);
    }
  }
  let clean = null;
  let features;
  if (!trusted) {
    try {
      clean = sanitizeBlind(svg, { box });
    } catch (err) {
      if (err && typeof err.reason === 'string') return fail(id, err.reason, err.message);
      return fail(id, 'invalid', `the drawing could not be read: ${String(err && err.message ? err.message : err)}`);
    }
    svg = clean.svg;
    width = clean.width;
    // Of the blind form (what is stored), whichever frame is drawn below.
    features = featuresOf(clean);
    if (typeof msg.at === 'number') {
      // The frame at t: SMIL and CSS animation values written in, then sanitized again.
      try {
        // Made from the blind form, and only drawn: the plain sanitizer is enough.
        const frame = sanitizeSvg(frameSvg(svg, msg.at), { box });
        svg = frame.svg;
        width = frame.width;
      } catch (err) {
        return fail(id, 'invalid', `the frame at ${msg.at} s could not be made: ${String(err && err.message ? err.message : err)}`);
      }
    }
  }
  try {
    const image = rasterize(svg, { width, background: background || undefined });
    reply({ id, ok: true, png: image.png(), width: image.width, height: image.height, svg: clean?.svg, text: clean?.text, removed: clean?.removed, features });
  } catch (err) {
    fail(id, 'invalid', `${what} could not be rendered: ${String(err && err.message ? err.message : err)}`);
  }
});

process.send({ ready: true });
