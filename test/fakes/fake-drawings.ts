/**
 * What the fake models draw (scripts/fake-models.ts, tests): one of a few fixtures chosen by the
 * prompt, with the prompt's own words written in it so every script and emoji can be tried
 * through the whole pipeline. A prompt that asks for motion gets an animated drawing (SMIL), so
 * the GIF path can be tried without a real model.
 */
import { pelicanSvg, type PelicanStyle } from './fake-model-common.js';

/** Words that ask for motion, in the prompt people typed. */
const MOTION = /\b(anim\w*|mov(e|es|ed|ing)|spin\w*|danc\w*|rotat\w*|fly|flying|flies|bounc\w*|wav(e|es|ing)|jump\w*|run|runs|running|swim\w*|twirl\w*|blink\w*|wiggl\w*|orbit\w*)\b/iu;

/** Longest part of the prompt written into a drawing, in characters (code points). */
const WRITTEN_MAX = 80;

export function asksForMotion(prompt: string): boolean {
  return MOTION.test(prompt);
}

/** The person's prompt inside the engine's template ("Generate an SVG of {prompt}. Answer…"). */
export function promptInTemplate(text: string): string {
  const m = /^Generate an SVG of ([\s\S]*)\. Answer with one complete, self-contained SVG document and nothing else\.$/u.exec(text.trim());
  return m ? m[1] : text;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The prompt as `<text>` lines at the top of a 400x300 drawing (two lines of up to 40 characters). */
function writtenPrompt(prompt: string, ink: string): string {
  const chars = [...prompt.replace(/\s+/g, ' ').trim()];
  const cut = chars.length > WRITTEN_MAX ? [...chars.slice(0, WRITTEN_MAX - 1), '…'] : chars;
  const lines = [cut.slice(0, 40).join(''), cut.slice(40).join('')].filter(Boolean);
  return lines
    .map((line, i) => `<text x="200" y="${24 + i * 20}" text-anchor="middle" font-family="sans-serif" font-size="16" fill="${ink}">${escapeXml(line)}</text>`)
    .join('');
}

/** A sun over hills with a little house. */
function landscapeSvg(color: string, words: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">`,
    `<rect width="400" height="300" fill="#cdeffd"/><circle cx="320" cy="80" r="34" fill="#ffd166"/>`,
    `<path d="M0 230 Q100 160 200 220 T400 200 V300 H0 Z" fill="#81b29a"/>`,
    `<rect x="90" y="180" width="80" height="60" fill="${color}" stroke="#2b2d42" stroke-width="3"/>`,
    `<path d="M80 182 L130 140 L180 182 Z" fill="#e76f51" stroke="#2b2d42" stroke-width="3"/>`,
    `<rect x="120" y="208" width="20" height="32" fill="#2b2d42"/>`,
    words,
    `</svg>`,
  ].join('');
}

/** A robot face. */
function robotSvg(color: string, words: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">`,
    `<rect width="400" height="300" fill="#f4f1de"/>`,
    `<rect x="130" y="80" width="140" height="150" rx="20" fill="${color}" stroke="#2b2d42" stroke-width="5"/>`,
    `<circle cx="170" cy="140" r="16" fill="#fff" stroke="#2b2d42" stroke-width="4"/><circle cx="230" cy="140" r="16" fill="#fff" stroke="#2b2d42" stroke-width="4"/>`,
    `<rect x="165" y="185" width="70" height="14" rx="6" fill="#2b2d42"/>`,
    `<path d="M200 80 V55" stroke="#2b2d42" stroke-width="5"/><circle cx="200" cy="50" r="8" fill="#ef476f"/>`,
    words,
    `</svg>`,
  ].join('');
}

/** A pinwheel that spins and a ball that bounces (SMIL): the drawing animates. */
function animatedSvg(color: string, words: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">`,
    `<rect width="400" height="300" fill="#1d2440"/>`,
    `<g transform="translate(140 170)"><g>`,
    `<path d="M0 0 L0 -60 L40 -40 Z M0 0 L60 0 L40 40 Z M0 0 L0 60 L-40 40 Z M0 0 L-60 0 L-40 -40 Z" fill="${color}" stroke="#fff" stroke-width="3"/>`,
    `<animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="2s" repeatCount="indefinite"/>`,
    `</g></g>`,
    `<circle cx="300" cy="120" r="24" fill="#ffd166"><animate attributeName="cy" values="120;230;120" dur="1s" repeatCount="indefinite"/></circle>`,
    writtenOnDark(words),
    `</svg>`,
  ].join('');
}

function writtenOnDark(words: string): string {
  return words.replaceAll('fill="#2b2d42"', 'fill="#f1f1f1"');
}

/**
 * The SVG a fake model draws for a prompt (the person's words, not the template): animated when
 * the prompt asks for motion, otherwise a pelican, a landscape or a robot chosen by `pick`.
 */
export function fixtureSvg(prompt: string, options: { color: string; pick: number; pelicanStyle?: PelicanStyle }): string {
  const words = writtenPrompt(prompt, '#2b2d42');
  if (asksForMotion(prompt)) return animatedSvg(options.color, words);
  const which = options.pick % 3;
  if (which === 1) return landscapeSvg(options.color, words);
  if (which === 2) return robotSvg(options.color, words);
  return pelicanSvg(options.color, options.pelicanStyle ?? 'flat').replace('</svg>', `${options.pelicanStyle === 'night' ? writtenOnDark(words) : words}</svg>`);
}
