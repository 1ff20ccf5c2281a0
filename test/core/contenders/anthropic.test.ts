/** Anthropic-specific behaviour, with the real `@anthropic-ai/sdk` against the SSE fake. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicContender, thinkingBudget, type AnthropicSettings, type ContenderOptions } from '../../../src/core/contenders/index.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import { startFakeAnthropic, pelicanSvg, type FakeModelServer } from '../../fakes/fake-anthropic.js';
import { anthropicAt, baseOptions, CLAUDE_MODEL } from './helpers.js';

const SPEC = `anthropic:${CLAUDE_MODEL}`;

describe('anthropic contender', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: 'fake-key', models: [CLAUDE_MODEL] });
  });
  afterAll(async () => {
    await fake.close();
  });
  const make = (over: Partial<ContenderOptions> = {}, settings: Partial<AnthropicSettings> = {}) =>
    createAnthropicContender(baseOptions(SPEC, over), { ...anthropicAt(fake.url), ...settings });
  const fail = async (p: Promise<unknown>) => {
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(ContenderError);
    return err as ContenderError;
  };

  it('passes max_tokens as configured, and no thinking when off', async () => {
    fake.setBehaviour({ text: 'ok' });
    await make({ maxTokens: 32_000 }).draw('pelican');
    let body = fake.requests.at(-1)!.body;
    expect(body.max_tokens).toBe(32_000);
    expect(body.model).toBe(CLAUDE_MODEL);
    expect(body.stream).toBe(true);
    expect(body.thinking).toBeUndefined();
    expect(body.messages).toEqual([{ role: 'user', content: 'pelican' }]);
    await make({ maxTokens: 12_345 }).draw('pelican');
    body = fake.requests.at(-1)!.body;
    expect(body.max_tokens).toBe(12_345);
  });

  it('asks for extended thinking with a budget below max_tokens', async () => {
    fake.setBehaviour({ text: 'ok' });
    await make({ thinking: true, maxTokens: 32_000 }).draw('pelican');
    const body = fake.requests.at(-1)!.body;
    expect(body.thinking.type).toBe('enabled');
    expect(body.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
    expect(body.thinking.budget_tokens).toBeLessThan(32_000);
    expect(thinkingBudget(4096)).toBeLessThan(4096);
    expect(thinkingBudget(4096)).toBeGreaterThanOrEqual(1024);
  });

  it('a big SVG fits in the default max_tokens, a tiny max_tokens truncates it', async () => {
    const big = pelicanSvg('#ff006e').repeat(15); // ~30 KB
    fake.setBehaviour({ text: big, chunkSize: 2048 });
    const whole = await make({ maxTokens: 32_000 }).draw('pelican');
    expect(whole.text).toBe(big);
    expect(whole.truncated).toBe(false);
    const cut = await make({ maxTokens: 1000 }).draw('pelican');
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThan(big.length);
  });

  it('keeps the thinking block apart from the answer', async () => {
    fake.setBehaviour({ thinking: 'Let me sketch <svg>draft</svg>', text: '<svg>final</svg>', chunkSize: 5 });
    const r = await make({ thinking: true }).draw('pelican');
    expect(r.text).toBe('<svg>final</svg>');
    expect(r.thinking).toBe('Let me sketch <svg>draft</svg>');
  });

  it('maps a wrong key (401) to auth', async () => {
    const err = await fail(make({}, { apiKey: 'wrong' }).draw('pelican'));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.message).toBe('Anthropic rejected the API key (401): check ANTHROPIC_API_KEY');
  });

  it('maps 403 to auth', async () => {
    fake.setBehaviour({ status: 403 });
    const err = await fail(make().draw('pelican'));
    expect(err.kind).toBe('auth');
    expect(err.message).toBe('Anthropic rejected the API key (403): check ANTHROPIC_API_KEY');
  });

  it('without a key: draw fails with auth and sends nothing; check() says so', async () => {
    const before = fake.requests.length;
    const c = make({}, { apiKey: undefined });
    const err = await fail(c.draw('pelican'));
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/^ANTHROPIC_API_KEY is not set: /);
    expect(fake.requests.length).toBe(before);
    const check = await c.check!();
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^ANTHROPIC_API_KEY is not set: /);
    expect((await make().check!()).ok).toBe(true);
    expect(fake.requests.length).toBe(before);
  });

  it("maps 400 to bad-request with the API's message", async () => {
    fake.setBehaviour({ status: 400, errorMessage: 'max_tokens: 999999 > 128000, which is the maximum' });
    const err = await fail(make().draw('pelican'));
    expect(err.kind).toBe('bad-request');
    expect(err.status).toBe(400);
    expect(err.message).toBe('Anthropic rejected the request (400): max_tokens: 999999 > 128000, which is the maximum');
  });

  it('maps an unknown model (404) to model-missing naming the spec', async () => {
    const c = createAnthropicContender(baseOptions('anthropic:claude-nope-1'), anthropicAt(fake.url));
    const err = await fail(c.draw('pelican'));
    expect(err.kind).toBe('model-missing');
    expect(err.message).toMatch(/claude-nope-1/);
    expect(err.message).toMatch(/DUEL_CONTENDERS/);
  });

  it('maps 429 without retry-after to "try again later"', async () => {
    fake.setBehaviour({ status: 429 });
    const err = await fail(make().draw('pelican'));
    expect(err.kind).toBe('rate-limited');
    expect(err.message).toBe('Anthropic is rate-limiting requests (429): try again later');
  });

  it('maps an in-stream rate_limit_error and overloaded_error', async () => {
    fake.setBehaviour({ errorAfterChunks: 1, errorType: 'rate_limit_error', chunkSize: 10 });
    expect((await fail(make().draw('pelican'))).kind).toBe('rate-limited');
    fake.setBehaviour({ errorAfterChunks: 0, errorType: 'overloaded_error' });
    const err = await fail(make().draw('pelican'));
    expect(err.kind).toBe('overloaded');
    expect(err.message).toBe('Anthropic is overloaded (529), try again later');
  });

  it("the SDK's bounded retry rides out one 529", async () => {
    let calls = 0;
    fake.setBehaviour(() => (++calls === 1 ? { status: 529 } : { text: 'second time lucky' }));
    const r = await make({ maxRetries: 1 }).draw('pelican');
    expect(r.text).toBe('second time lucky');
    expect(calls).toBe(2);
  });

  it('with retries off, a 529 is one request', async () => {
    fake.setBehaviour({ status: 529 });
    const before = fake.requests.length;
    await fail(make({ maxRetries: 0 }).draw('pelican'));
    expect(fake.requests.length).toBe(before + 1);
  });

  it('logs JSON lines with the spec and outcome, never the key', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    fake.setBehaviour({ text: 'ok' });
    await make({ logger }).draw('pelican');
    fake.setBehaviour({ status: 529 });
    await fail(make({ logger }).draw('pelican'));
    const events = lines.map((l) => JSON.parse(l));
    expect(events.map((e) => e.event)).toEqual(['draw-start', 'draw-done', 'draw-start', 'draw-failed']);
    expect(events.every((e) => e.contender === SPEC)).toBe(true);
    expect(events[3].kind).toBe('overloaded');
    expect(lines.join('')).not.toContain('fake-key');
  });

  it('a refusal (stop_reason "refusal") is a plain "declined"', async () => {
    const fake = await startFakeAnthropic({ apiKey: 'fake-key', reply: { refusal: 'I can not draw that.' } });
    try {
      const c = createAnthropicContender(baseOptions(`anthropic:${CLAUDE_MODEL}`), anthropicAt(fake.url));
      const err = (await c.draw('x').catch((e) => e)) as ContenderError;
      expect(err).toBeInstanceOf(ContenderError);
      expect(err.kind).toBe('refused');
      expect(err.message).toBe('Claude Opus 4.7 declined to draw this prompt: "I can not draw that."');
    } finally {
      await fake.close();
    }
  });
});
