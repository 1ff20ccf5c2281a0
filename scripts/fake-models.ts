/**
 * Start the fake Ollama, Anthropic and OpenAI-compatible servers for humans: try prompt-duel end to end
 * without a GPU or an API key.
 *
 *   node --import tsx scripts/fake-models.ts [--ollama-port 11435] [--anthropic-port 8788]
 *        [--openai-port 8789] [--host 127.0.0.1] [--delay-ms 15] [--think-ms 800]
 *
 * It prints the environment to point prompt-duel at them, then serves until Ctrl-C.
 * Replies are drawings chosen by the prompt (test/fakes/fake-drawings.ts): a pelican, a landscape or
 * a robot, or an animated one when the prompt asks for motion ("a spinning top", "dancing"), with
 * the prompt's own words written in it so every script can be tried. The colour and fixture come
 * from the prompt, so different prompts (and different fake providers) give different drawings.
 */
import { startFakeAnthropic } from '../test/fakes/fake-anthropic.js';
import { fixtureSvg, promptInTemplate } from '../test/fakes/fake-drawings.js';
import type { Behaviour, FakeRequest, PelicanStyle } from '../test/fakes/fake-model-common.js';
import { startFakeOllama } from '../test/fakes/fake-ollama.js';
import { startFakeOpenAI } from '../test/fakes/fake-openai.js';

const OLLAMA_MODELS = ['qwen3.6:35b-a3b', 'qwen3.6:27b', 'llama3.2:latest'];
const PALETTE = ['#e07a5f', '#3d5a80', '#81b29a', '#f2cc8f', '#9b5de5', '#00bbf9', '#f15bb5', '#ef476f', '#06d6a0'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  return v ?? fallback;
}

function intArg(name: string, fallback: number): number {
  const n = Number(arg(name, String(fallback)));
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${arg(name, '')}`);
    process.exit(2);
  }
  return n;
}

function promptOf(req: FakeRequest): string {
  const msgs = Array.isArray(req.body?.messages) ? req.body.messages : [];
  const last = msgs[msgs.length - 1];
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const host = arg('host', '127.0.0.1');
const ollamaPort = intArg('ollama-port', 11435);
const anthropicPort = intArg('anthropic-port', 8788);
const openaiPort = intArg('openai-port', 8789);
const OPENAI_MODELS = ['gpt-5.1', 'qwen3-32b'];
const delayMs = intArg('delay-ms', 15);
const thinkMs = intArg('think-ms', 800);

function behaviour(req: FakeRequest, styleOf: (h: number) => PelicanStyle, salt: string): Behaviour {
  const prompt = promptInTemplate(promptOf(req));
  const h = hash(prompt + salt);
  const color = PALETTE[h % PALETTE.length];
  const svg = fixtureSvg(prompt, { color, pick: h >>> 4, pelicanStyle: styleOf(h) });
  const short = [...prompt].length > 80 ? `${[...prompt].slice(0, 77).join('')}...` : prompt;
  return {
    thinking: `The prompt is "${short}". Keep the drawing simple and readable, and write the prompt at the top.`,
    text: `Here is my drawing:\n\n\`\`\`svg\n${svg}\n\`\`\`\n`,
    chunkSize: 48,
    firstChunkDelayMs: thinkMs,
    chunkDelayMs: delayMs,
  };
}

const ollama = await startFakeOllama({
  models: OLLAMA_MODELS,
  host,
  port: ollamaPort,
  reply: (req) => behaviour(req, () => 'flat', 'ollama'),
});
const anthropic = await startFakeAnthropic({
  host,
  port: anthropicPort,
  reply: (req) => behaviour(req, (h) => (h % 2 ? 'line' : 'night'), 'anthropic'),
});

const openai = await startFakeOpenAI({
  models: OPENAI_MODELS,
  host,
  port: openaiPort,
  reply: (req) => behaviour(req, (h) => (h % 2 ? 'night' : 'flat'), 'openai'),
});

console.log(`fake Ollama    listening on ${ollama.url} (models: ${OLLAMA_MODELS.join(', ')})`);
console.log(`fake OpenAI-compatible server on ${openai.url} (models: ${OPENAI_MODELS.join(', ')}, no key needed)`);
console.log(`fake Anthropic listening on ${anthropic.url} (any model, any key)`);
console.log('');
console.log('# point prompt-duel at them:');
console.log(`export OLLAMA_HOST=${ollama.url}`);
console.log(`export ANTHROPIC_BASE_URL=${anthropic.url}`);
console.log('export ANTHROPIC_API_KEY=fake');
console.log('export DUEL_COOLDOWN=0');
console.log(`export OPENAI_BASE_URL=${openai.url}`);
console.log("export DUEL_CONTENDERS='ollama:qwen3.6:35b-a3b,ollama:qwen3.6:27b,anthropic:claude-opus-4-7,openai:gpt-5.1'");
console.log('# any anthropic:* model works; `duel models` lists the rest');
console.log('');
console.log('Ctrl-C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.all([ollama.close(), anthropic.close(), openai.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
