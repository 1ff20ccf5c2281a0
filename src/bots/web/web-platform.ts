/**
 * The web arena as a ChatPlatform (src/core/chat/chat-platform.ts), so its duels go through the
 * same sequence as Discord's and Slack's (runChatDuel, connectChatPlatform). There is no message
 * to post: the duel's own page is the message, so its ref is the duel id. Votes are stored the
 * moment they are cast (nothing to seed or reconcile), and a reveal or a GIF made after the vote
 * opened only has to wake the pages that watch the duel.
 */
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { LiveDuels } from './live.js';

export function webChatPlatform(live: LiveDuels): ChatPlatform {
  return {
    platform: 'web',
    // Progress goes to this process's memory, not to a rate-limited API: every change may show.
    progressIntervalMs: 0,
    postDuel: async (outcome) => {
      // The page shows the pictures from the store from now on; its live drawing state is over.
      live.finish(outcome.duel.id);
      return outcome.duel.id;
    },
    // The GIF is stored already (core made it): the duel's pages swap it in from their event stream.
    showAnimation: async ({ duel }) => {
      live.animationReady(duel.id);
    },
    showReveal: async (_reveal, duel) => {
      live.poke(duel.id);
    },
  };
}
