/** A tiny cookie-keeping HTTP client that talks to the arena the way its own page does. */
export interface Client {
  cookie: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Start a duel and wait until it is no longer generating. */
  duel(prompt: string): Promise<string>;
  waitStatus(id: string, done: (status: string) => boolean): Promise<any>;
}

/**
 * A voter with the cookie `base` gave it. `postTo`: another arena process on the same database,
 * where its votes and duels are posted (the cookie one process signs, another accepts).
 */
export async function newClient(base: string, options: { postTo?: string } = {}): Promise<Client> {
  const first = await fetch(`${base}/`);
  const target = options.postTo ?? base;
  const setCookie = first.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  if (!cookie.startsWith('duel_voter=')) throw new Error(`no voter cookie: ${setCookie}`);
  const client: Client = {
    cookie,
    get: (path, headers = {}) => fetch(`${base}${path}`, { headers: { cookie, ...headers } }),
    post: (path, body, headers = {}) =>
      fetch(`${target}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-duel-client': '1', origin: target, 'sec-fetch-site': 'same-origin', ...headers },
        body: JSON.stringify(body),
      }),
    async waitStatus(id, done) {
      for (let i = 0; i < 300; i++) {
        const state = (await (await client.get(`/api/duels/${id}`)).json()) as any;
        if (done(state.status)) return state;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`duel ${id} never reached the expected status`);
    },
    async duel(prompt) {
      const res = await client.post('/api/duels', { prompt });
      const body = (await res.json()) as any;
      if (res.status !== 201) throw new Error(`start failed ${res.status}: ${JSON.stringify(body)}`);
      await client.waitStatus(body.id, (s) => s !== 'generating');
      return body.id as string;
    },
  };
  return client;
}
