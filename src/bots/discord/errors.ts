/**
 * Turning discord.js errors into one-line messages that say what to do.
 */
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes } from 'discord.js';

export const TOKEN_REJECTED = 'Discord rejected DISCORD_TOKEN (401): reset it in the Developer Portal (Applications > your app > Bot > Reset Token) and set the new one.';

/** True for errors that mean the token itself is wrong. */
export function isTokenRejection(err: unknown): boolean {
  if (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid) return true;
  if (err instanceof DiscordAPIError && err.status === 401) return true;
  // The gateway closes with 4004 "Authentication failed" for a token REST still accepted.
  return err instanceof Error && /4004|Authentication failed/i.test(err.message);
}

/** An Error with a clear message for `what` (e.g. "registering commands"). */
export function describeRestError(err: unknown, what: string): Error {
  if (isTokenRejection(err)) return new Error(TOKEN_REJECTED, { cause: err });
  if (err instanceof DiscordAPIError) {
    if (err.status === 403 || err.code === 50001) {
      return new Error(`Discord refused ${what} (${err.status} ${err.message}): check DISCORD_APP_ID matches the token's application and the bot was invited with the applications.commands scope.`, { cause: err });
    }
    if (err.status === 404 && err.code === 10004) return new Error(`Discord does not know that server (${what}): check the --guild id and that the bot is in it.`, { cause: err });
    return new Error(`Discord answered ${err.status} while ${what}: ${err.message}`, { cause: err });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(`Could not reach Discord while ${what}: ${msg}. Check the network and DISCORD_API_URL.`, { cause: err });
}
