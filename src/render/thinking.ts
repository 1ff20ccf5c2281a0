/**
 * Split a model's reply into its answer and its thinking (`<think>…</think>`, `<thinking>…`).
 *
 * A tag only counts as thinking markup where a model would write it as markup, not where a reply
 * merely mentions it ("I won't use `<think>` tags", "…ends with </think> here"):
 * - an opening tag counts at the start of a line, outside inline code; one that is never closed
 *   counts only before any answer (a reply that ran out of tokens while thinking), else it is prose;
 * - the end tag of a counted block counts wherever it is (outside inline code);
 * - a lone end tag (chat templates put the opening tag in the prompt) counts at a line boundary,
 *   outside inline code, and makes everything before it thinking.
 * Linear in the reply: one pass over the tags, one pass over the characters between them.
 */

export interface ThinkingSplit {
  /** The reply without its thinking. */
  answer: string;
  /** Finished thinking (closed blocks, text before a lone end tag): searched only as a last resort. */
  thought: string;
  /** The reply ended inside a thinking block: nothing after its opening tag is an answer. */
  unclosed: boolean;
}

interface Tag {
  index: number;
  end: number;
  name: string;
  close: boolean;
  /** Inside `inline code` on its line (an odd number of backticks before it). */
  inCode: boolean;
  /** Only whitespace before it on its line. */
  lineStart: boolean;
  /** Only whitespace after it on its line. */
  lineEnd: boolean;
}

const THINK_TAG = /<\/(think|thinking)\s*>|<(think|thinking)>/gi;
const TO_LINE_END = /[ \t\r]*(?:\n|$)/y;

function findTags(text: string): Tag[] {
  const tags: Tag[] = [];
  let pos = 0;
  let ticks = 0; // backticks since the start of the current line
  let nonSpace = false; // anything but whitespace since the start of the current line
  THINK_TAG.lastIndex = 0;
  for (let m = THINK_TAG.exec(text); m; m = THINK_TAG.exec(text)) {
    for (; pos < m.index; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 10) {
        ticks = 0;
        nonSpace = false;
      } else if (c === 96) {
        ticks++;
        nonSpace = true;
      } else if (c !== 32 && c !== 9 && c !== 13) nonSpace = true;
    }
    const end = m.index + m[0].length;
    TO_LINE_END.lastIndex = end;
    const close = m[1] !== undefined;
    tags.push({
      index: m.index,
      end,
      name: (close ? m[1] : m[2]).toLowerCase(),
      close,
      inCode: ticks % 2 === 1,
      lineStart: !nonSpace,
      lineEnd: TO_LINE_END.test(text),
    });
    pos = end;
    nonSpace = true;
  }
  return tags;
}

export function splitThinking(text: string): ThinkingSplit {
  const tags = findTags(text).filter((t) => !t.inCode);
  // For each name, the counted end tags in order; a moving pointer finds "the first end tag after
  // this opening tag" in linear time overall.
  const closes: Record<string, Tag[]> = { think: [], thinking: [] };
  for (const t of tags) if (t.close) closes[t.name].push(t);
  const next: Record<string, number> = { think: 0, thinking: 0 };

  const answer: string[] = [];
  const thought: string[] = [];
  let answerHasText = false;
  let cursor = 0;
  const keep = (to: number) => {
    const part = text.slice(cursor, to);
    if (part.trim()) answerHasText = true;
    answer.push(part);
  };
  for (const tag of tags) {
    if (tag.index < cursor) continue; // inside a block already taken out
    if (!tag.close) {
      if (!tag.lineStart) continue; // a mention in a sentence
      const list = closes[tag.name];
      while (next[tag.name] < list.length && list[next[tag.name]].index < tag.end) next[tag.name]++;
      const close = list[next[tag.name]];
      if (close) {
        keep(tag.index);
        thought.push(text.slice(tag.end, close.index));
        cursor = close.end;
        continue;
      }
      keep(tag.index);
      if (answerHasText) {
        // Prose that begins a line with the tag: not thinking, since the answer already started.
        answer.push(text.slice(tag.index, tag.end));
        cursor = tag.end;
        continue;
      }
      return { answer: answer.join(''), thought: thought.join('\n'), unclosed: true };
    }
    if (!tag.lineStart && !tag.lineEnd) continue; // a lone end tag mid-sentence is a mention
    // A lone end tag: everything before it was thinking.
    keep(tag.index);
    thought.push(answer.join(''));
    answer.length = 0;
    answerHasText = false;
    cursor = tag.end;
  }
  keep(text.length);
  return { answer: answer.join(''), thought: thought.join('\n'), unclosed: false };
}
