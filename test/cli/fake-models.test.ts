/**
 * scripts/fake-models.ts as a newcomer runs it: the export lines include DUEL_COOLDOWN=0, and each
 * fake draws from the prompt the engine sends: the prompt's own words written in (XML-escaped, any
 * script), an animated drawing when the prompt asks for motion, and more than one still fixture.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/model/settings.js';
import { createRenderer } from '../../src/render/renderer.js';
import { ROOT } from './run-cli.js';

let child: ChildProcess;
let printed = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/fake-models.ts', '--ollama-port', '0', '--anthropic-port', '0', '--openai-port', '0', '--think-ms', '0', '--delay-ms', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d) => {
      printed += d;
      if (printed.includes('Ctrl-C to stop.')) resolve();
    }),
  );
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

const exported = (name: string) => new RegExp(`^export ${name}=(.*)$`, 'm').exec(printed)?.[1];

/** What the fake Ollama draws for a person's prompt, asked as the engine asks (the prompt template). */
async function ollamaDrawing(prompt: string): Promise<string> {
  const res = await fetch(`${exported('OLLAMA_HOST')}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'qwen3.6:35b-a3b', stream: false, messages: [{ role: 'user', content: DEFAULT_SETTINGS.promptTemplate.replaceAll('{prompt}', prompt) }] }),
  });
  const text = ((await res.json()) as { message: { content: string } }).message.content;
  return /<svg[\s\S]*<\/svg>/.exec(text)![0];
}

describe('the protocol fakes for people', () => {
  it('print DUEL_COOLDOWN=0 among their export lines', () => {
    expect(exported('DUEL_COOLDOWN')).toBe('0');
    expect(exported('OLLAMA_HOST')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('write the prompt in the drawing, escaped, in any script; animate it when the prompt asks for motion', async () => {
    const renderer = createRenderer({ poolSize: 1, timeoutMs: 20_000, memoryMb: 256, box: 256 });
    try {
      const moving = await ollamaDrawing('a spinning <top> & 🐱 “नमस्ते”');
      expect(moving).toContain('a spinning &lt;top&gt; &amp; 🐱 “नमस्ते”');
      expect(renderer.isAnimated(await renderer.extract(moving))).toBe(true);
      const still = await ollamaDrawing('a quiet harbour');
      expect(still).toContain('>a quiet harbour</text>');
      expect(renderer.isAnimated(await renderer.extract(still))).toBe(false);
    } finally {
      await renderer.close();
    }
  });

  it('draw more than one still fixture across prompts', async () => {
    const prompts = ['a harbour', 'a lighthouse', 'a fox', 'a whale', 'a teapot', 'a kite', 'an owl', 'a snail'];
    const shapes = new Set<string>();
    for (const p of prompts) {
      const svg = await ollamaDrawing(p);
      shapes.add(svg.includes('L265 150') ? 'pelican' : svg.includes('Q100 160') ? 'landscape' : svg.includes('rx="20"') ? 'robot' : 'other');
    }
    expect(shapes.has('other')).toBe(false);
    expect(shapes.size).toBeGreaterThanOrEqual(2);
  });
});
