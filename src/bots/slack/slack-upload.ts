/**
 * Posting an image so that the message's `ts` is known.
 *
 * `files.uploadV2` with a channel shares the file asynchronously and returns no message ts, so
 * reactions could not be tied to a duel. Instead: upload the PNG WITHOUT a channel
 * (files.getUploadURLExternal -> POST bytes -> files.completeUploadExternal, which the SDK's
 * filesUploadV2 does when no channel_id is given), then post our own chat.postMessage with a
 * Block Kit image block `{ slack_file: { id } }`. That message's ts is the duel's message ref.
 *
 * Slack processes uploads asynchronously: for a moment after completeUploadExternal an image
 * block naming the file can be refused with `invalid_blocks`. We retry a few times with a short
 * backoff; if the file never becomes usable, the message goes out without the image block and
 * the PNG is shared in its thread instead (the ts, and so the votes, stay on the main message).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { slackErrorCode } from './slack-errors.js';
import type { SlackMessage } from './slack-text.js';

type WebClient = webApi.WebClient;

/** Backoff before re-posting a message whose image is not processed yet, in ms. */
export const IMAGE_RETRY_DELAYS_MS = [500, 1_000, 2_000];

/** Upload a PNG privately (no channel) and return its file id. */
export async function uploadPrivatePng(client: WebClient, png: Buffer, filename: string, title: string): Promise<string> {
  const res = (await client.filesUploadV2({ file: png, filename, title })) as unknown as {
    files?: Array<{ files?: Array<{ id?: string }> }>;
  };
  const id = res.files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error('files.completeUploadExternal returned no file id');
  return id;
}

export interface ImagePost {
  client: WebClient;
  channel: string;
  /** The image bytes (PNG, or the duel's animated GIF: `filename` says which). */
  png: Buffer;
  filename: string;
  title: string;
  /** The message for a file id, or for null (no image block: fallback). */
  build: (fileId: string | null) => SlackMessage;
  logger: Logger;
  /** Reuse an already uploaded file. */
  fileId?: string | null;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Run `send` with the image block, retrying while Slack says `invalid_blocks` (file still
 * processing). Returns true when sent with the image, false when it never became usable.
 */
async function withImageRetries(send: () => Promise<void>, sleep: (ms: number) => Promise<void>, logger: Logger): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await send();
      return true;
    } catch (err) {
      if (slackErrorCode(err) !== 'invalid_blocks') throw err;
      const delay = IMAGE_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        logger.warn('uploaded image still refused by Slack (invalid_blocks); posting without the image block');
        return false;
      }
      await sleep(delay);
    }
  }
}

/** Upload the PNG and post it as a new message. Returns the message ts and file id. */
export async function postImageMessage(p: ImagePost): Promise<{ ts: string; fileId: string }> {
  const sleep = p.sleep ?? defaultSleep;
  const fileId = p.fileId ?? (await uploadPrivatePng(p.client, p.png, p.filename, p.title));
  let ts = '';
  const withImage = await withImageRetries(
    async () => {
      const res = await p.client.chat.postMessage({ channel: p.channel, ...p.build(fileId), unfurl_links: false, unfurl_media: false });
      ts = String(res.ts);
    },
    sleep,
    p.logger,
  );
  if (!withImage) {
    const res = await p.client.chat.postMessage({ channel: p.channel, ...p.build(null), unfurl_links: false, unfurl_media: false });
    ts = String(res.ts);
    await p.client.filesUploadV2({ channel_id: p.channel, thread_ts: ts, file: p.png, filename: p.filename, title: p.title });
  }
  return { ts, fileId };
}

/** Edit a message, keeping (or adding) the image. Falls back to no image block as above. */
export async function updateImageMessage(p: ImagePost & { ts: string }): Promise<string> {
  const sleep = p.sleep ?? defaultSleep;
  const fileId = p.fileId ?? (await uploadPrivatePng(p.client, p.png, p.filename, p.title));
  const withImage = await withImageRetries(
    async () => {
      await p.client.chat.update({ channel: p.channel, ts: p.ts, ...p.build(fileId) });
    },
    sleep,
    p.logger,
  );
  if (!withImage) await p.client.chat.update({ channel: p.channel, ts: p.ts, ...p.build(null) });
  return fileId;
}
