/**
 * Which Slack users are bots. The bot's own id comes from auth.test; another app's bot can react
 * too, and its reactions are no votes. A reaction event does not say who is a bot, so each user is
 * looked up once with users.info (scope users:read) and the answer cached for the process.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

export class SlackBotUsers {
  private readonly known = new Map<string, Promise<boolean>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly ownUserId: string,
    private readonly logger: Logger,
  ) {}

  /** True for the bot itself and for any bot or app user. A failed lookup counts as a person (and is retried next time). */
  isBot(user: string): Promise<boolean> {
    if (user === this.ownUserId) return Promise.resolve(true);
    let answer = this.known.get(user);
    if (!answer) {
      answer = this.client.users.info({ user }).then(
        (res) => Boolean(res.user?.is_bot) || res.user?.id === 'USLACKBOT',
        (err: unknown) => {
          // Losing a person's vote is worse than counting a rare bot once: do not cache the failure.
          this.known.delete(user);
          this.logger.warn({ err, user }, 'users.info failed: counting the reaction as a person’s (check the users:read scope)');
          return false;
        },
      );
      this.known.set(user, answer);
    }
    return answer;
  }
}
