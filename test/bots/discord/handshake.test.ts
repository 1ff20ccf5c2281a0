import { afterEach, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord/index.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('fake discord gateway handshake', () => {
  it('lets the real discord.js log in, get READY and the guild', async () => {
    fake = await startFakeDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds], partials: [Partials.Message], rest: { api: fake.apiUrl } });
    client.on('debug', (m) => process.env.DEBUG_FAKE && console.log(m));
    const ready = new Promise<void>((r) => client!.once(Events.ClientReady, () => r()));
    await client.login(fake.token);
    await ready;
    expect(client.user?.id).toBe(fake.bot.id);
    expect(client.application?.id).toBe(fake.appId);
    expect(client.guilds.cache.get(fake.guildId)?.name).toBe('Pelican Fans');
    expect(client.channels.cache.has(fake.channelId)).toBe(true);
    expect(fake.gateway.identifies[0].intents).toBe(GatewayIntentBits.Guilds);
    expect(fake.gateway.connectQueries[0].get('v')).toBe('10');
    expect(fake.gateway.connectQueries[0].get('encoding')).toBe('json');
    expect(fake.gateway.connectQueries[0].get('compress')).toBeNull();
  });
});
