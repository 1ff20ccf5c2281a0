/**
 * Several Ollama hosts (OLLAMA_HOST with commas), with the real `ollama` client against two and
 * three fake servers: draws spread over the hosts that have the model, each host with its own
 * limit, a queue with places, a host that stops answering skipped and used again later.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLimitedContenders, createOllamaContender, OllamaHostPool } from '../../../src/core/contenders/index.js';
import { loadConfig } from '../../../src/core/config/config.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import { startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { baseOptions, closedPort, OLLAMA_MODEL, ollamaAt, recorder, waitFor } from './helpers.js';

const SPEC = `ollama:${OLLAMA_MODEL}`;
const fakes: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
async function host(models = [OLLAMA_MODEL], port?: number) {
  const f = await startFakeOllama({ models, port, reply: { text: 'drawn', chunkSize: 1, chunkDelayMs: 40 } });
  fakes.push(f);
  return f;
}
const chats = (f: FakeModelServer) => f.requests.filter((r) => r.path === '/api/chat').length;

describe('several Ollama hosts', () => {
  it('OLLAMA_HOST takes a comma-separated list; one host parses exactly as before', () => {
    expect(loadConfig({}).providers.ollama.hosts).toEqual(['http://127.0.0.1:11434']);
    expect(loadConfig({ OLLAMA_HOST: 'http://gpu:11434/' }).providers.ollama.hosts[0]).toBe('http://gpu:11434');
    const c = loadConfig({ OLLAMA_HOST: 'http://a:11434, http://b:11434' });
    expect(c.providers.ollama.hosts).toEqual(['http://a:11434', 'http://b:11434']);
    expect(c.providers.ollama.hosts[0]).toBe('http://a:11434');
    expect(() => loadConfig({ OLLAMA_HOST: 'http://a:11434,gpu-box' })).toThrow(/^OLLAMA_HOST has "gpu-box": use an http\(s\) URL/);
    expect(() => loadConfig({ OLLAMA_HOST: 'http://a:1,http://a:1/' })).toThrow('OLLAMA_HOST names http://a:1 twice.');
  });

  it('spreads draws over three hosts, one at a time on each', async () => {
    const [a, b, c] = [await host(), await host(), await host()];
    const { contenders } = createLimitedContenders([baseOptions(SPEC)], { ollama: ollamaAt(a.url, b.url, c.url) }, { ollama: 1 });
    const results = await Promise.all([1, 2, 3].map(() => contenders[0]!.draw('pelican')));
    expect(results.map((r) => r.text)).toEqual(['drawn', 'drawn', 'drawn']);
    expect([chats(a), chats(b), chats(c)]).toEqual([1, 1, 1]);
  });

  it('sends a model only to the hosts that have it', async () => {
    const without = await host(['llama3.2:latest']);
    const withIt = await host();
    const c = createOllamaContender(baseOptions(SPEC), ollamaAt(without.url, withIt.url));
    await Promise.all([c.draw('one'), c.draw('two')]);
    expect(chats(without)).toBe(0);
    expect(chats(withIt)).toBe(2);
  });

  it('queues past every host limit, with places, and serves the queue as hosts free up', async () => {
    const [a, b] = [await host(), await host()];
    const pool = new OllamaHostPool({ hosts: [a.url, b.url], perHost: 1 });
    const c = createOllamaContender(baseOptions(SPEC), ollamaAt(a.url, b.url), pool);
    const recs = [recorder(), recorder(), recorder(), recorder()];
    const all = Promise.all(recs.map((r) => c.draw('pelican', { onProgress: r.onProgress })));
    await waitFor(() => pool.activeByHost()[a.url] === 1 && pool.activeByHost()[b.url] === 1);
    await all;
    const queued = recs.map((r) => r.events.filter((e) => e.state === 'queued').map((e) => e.queuePosition));
    expect(queued.filter((q) => q.length).map((q) => q[0]).sort()).toEqual([1, 2]);
    expect(chats(a) + chats(b)).toBe(4);
  });

  it('skips a host that stops answering, and uses it again once it is back', async () => {
    const a = await host();
    const b = await host();
    const pool = new OllamaHostPool({ hosts: [a.url, b.url], perHost: 1, retryMs: 300 });
    const c = createOllamaContender(baseOptions(SPEC), ollamaAt(a.url, b.url), pool);
    await Promise.all([c.draw('warm'), c.draw('up')]);
    expect([chats(a), chats(b)]).toEqual([1, 1]);

    const port = a.port;
    await a.close();
    fakes.splice(fakes.indexOf(a), 1);
    for (let i = 0; i < 3; i++) expect((await c.draw(`while down ${i}`)).text).toBe('drawn');
    expect(chats(b)).toBe(4);

    const back = await host([OLLAMA_MODEL], port);
    await new Promise((r) => setTimeout(r, 350));
    await Promise.all([c.draw('back 1'), c.draw('back 2')]);
    expect(chats(back)).toBeGreaterThanOrEqual(1);
  });

  it('says plainly when no host has the model, or none answers', async () => {
    const a = await host(['llama3.2:latest']);
    const b = await host(['gemma3:27b']);
    const c = createOllamaContender(baseOptions(SPEC), ollamaAt(a.url, b.url));
    const err = (await c.draw('x').catch((e) => e)) as ContenderError;
    expect(err.kind).toBe('model-missing');
    expect(err.message).toBe(`model ${OLLAMA_MODEL} is not pulled on any Ollama host (${a.url}, ${b.url}): run \`ollama pull ${OLLAMA_MODEL}\` on one`);

    const p1 = await closedPort();
    const p2 = await closedPort();
    const dead = createOllamaContender(baseOptions(SPEC), ollamaAt(`http://127.0.0.1:${p1}`, `http://127.0.0.1:${p2}`));
    const e2 = (await dead.draw('x').catch((e) => e)) as ContenderError;
    expect(e2.kind).toBe('unreachable');
    expect(e2.message).toMatch(/^none of the Ollama hosts answers \(.*\): is `ollama serve` running on them\? Check OLLAMA_HOST$/);
  });

  it('check() reports how many hosts have the model', async () => {
    const a = await host();
    const b = await host(['llama3.2:latest']);
    const c = createOllamaContender(baseOptions(SPEC), ollamaAt(a.url, b.url));
    expect(await c.check!()).toEqual({ ok: true, message: `1 of 2 Ollama hosts have ${OLLAMA_MODEL}` });
  });
});
