/**
 * SMIL timing: clock values, `begin`/`end` lists (offsets and syncbase `id.begin+1s` /
 * `id.end`; events never fire in a still frame), `dur`, `repeatCount`, `repeatDur`, `fill`.
 * Gives where in its simple duration an animation is at document time t, if it applies at all.
 */

/** Seconds, or null for "indefinite" / unparseable. */
export function parseClock(value: string | undefined): number | null {
  if (value === undefined) return null;
  const s = value.trim();
  if (s === '' || s === 'indefinite') return null;
  let m = /^([+-]?(?:\d+\.?\d*|\.\d+))(h|min|s|ms)?$/.exec(s);
  if (m) {
    const v = Number(m[1]);
    const unit = m[2] ?? 's';
    return unit === 'h' ? v * 3600 : unit === 'min' ? v * 60 : unit === 'ms' ? v / 1000 : v;
  }
  m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(s);
  if (m) return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return null;
}

export interface TimedElement {
  id?: string;
  begin?: string;
  end?: string;
  dur?: string;
  repeatCount?: string;
  repeatDur?: string;
  fill?: string;
}

/** Where an animation is at time t. `progress` is in [0, 1] of the simple duration. */
export interface SimpleTime {
  progress: number;
  /** Completed repeats before this one (for accumulate="sum"). */
  iteration: number;
  /** The interval's begin time (seconds): later begins sit higher in the sandwich. */
  begin: number;
  /** True when the simple duration is indefinite (e.g. a `<set>` without dur). */
  indefinite: boolean;
}

export interface Interval {
  begin: number;
  /** Active end, Infinity when indefinite. */
  end: number;
}

/** Resolves `begin`/`end` of animations by id (for syncbase values), with a cycle guard. */
export class TimingResolver {
  private readonly cache = new Map<string, Interval | null>();
  private readonly resolving = new Set<string>();

  constructor(private readonly byId: Map<string, TimedElement>) {}

  /** The interval in effect at time t (the latest begin at or before t), else the first one. */
  interval(el: TimedElement, t: number): Interval | null {
    const begins = this.times(el.begin ?? '0s', 'begin').sort((a, b) => a - b);
    if (begins.length === 0) return null;
    const at = begins.filter((b) => b <= t);
    const begin = at.length ? at[at.length - 1] : begins[0];
    return { begin, end: begin + this.activeDuration(el, begin) };
  }

  private activeDuration(el: TimedElement, begin: number): number {
    const dur = parseClock(el.dur);
    const simple = dur !== null && dur > 0 ? dur : null;
    const rc = el.repeatCount?.trim();
    const repeatCount = rc === 'indefinite' ? Infinity : rc !== undefined && Number(rc) > 0 ? Number(rc) : null;
    const rd = el.repeatDur?.trim();
    const repeatDur = rd === 'indefinite' ? Infinity : parseClock(rd);
    let active: number;
    if (repeatCount === null && repeatDur === null) active = simple ?? Infinity;
    else {
      const byCount = repeatCount === null ? Infinity : (simple ?? Infinity) * repeatCount;
      active = Math.min(byCount, repeatDur ?? Infinity);
      if (simple === null && repeatDur === null) active = Infinity;
    }
    if (el.end !== undefined) {
      const ends = this.times(el.end, 'end').filter((e) => e >= begin);
      if (ends.length) active = Math.min(active, Math.min(...ends) - begin);
    }
    return active;
  }

  /** Begin or end times from a `;` list; event and unresolvable entries give none. */
  private times(list: string, _which: 'begin' | 'end'): number[] {
    const out: number[] = [];
    for (const raw of list.split(';')) {
      const s = raw.trim();
      if (!s) continue;
      const offset = parseClock(s);
      if (offset !== null) {
        out.push(offset);
        continue;
      }
      const m = /^([A-Za-z_][\w.-]*?)\.(begin|end)\s*(?:([+-])\s*(.+))?$/.exec(s);
      if (!m) continue; // events (click, mouseover), accessKey, wallclock, indefinite: never in a frame
      const other = this.resolve(m[1]);
      if (!other) continue;
      const base = m[2] === 'begin' ? other.begin : other.end;
      const off = m[4] ? parseClock(m[4]) : 0;
      if (off === null || !Number.isFinite(base)) continue;
      out.push(base + (m[3] === '-' ? -off : off));
    }
    return out;
  }

  private resolve(id: string): Interval | null {
    if (this.cache.has(id)) return this.cache.get(id)!;
    const el = this.byId.get(id);
    if (!el || this.resolving.has(id)) return null;
    this.resolving.add(id);
    // The syncbase's first interval: enough for the chains models write (a.end -> b.begin).
    const begins = this.times(el.begin ?? '0s', 'begin');
    const begin = begins.length ? Math.min(...begins) : null;
    const iv = begin === null ? null : { begin, end: begin + this.activeDuration(el, begin) };
    this.resolving.delete(id);
    this.cache.set(id, iv);
    return iv;
  }

  /** Where the animation is at t, or null when it has no effect then. */
  simpleTime(el: TimedElement, t: number): SimpleTime | null {
    const iv = this.interval(el, t);
    if (!iv || t < iv.begin) return null;
    const dur = parseClock(el.dur);
    const simple = dur !== null && dur > 0 ? dur : null;
    const frozen = t >= iv.end;
    if (frozen && el.fill !== 'freeze') return null;
    const local = (frozen ? iv.end : t) - iv.begin;
    if (simple === null) return { progress: 0, iteration: 0, begin: iv.begin, indefinite: true };
    let iteration = Math.floor(local / simple);
    let progress = (local - iteration * simple) / simple;
    // Frozen exactly at the end of a repeat: the last value, not the first.
    if (frozen && progress < 1e-9 && iteration > 0) {
      iteration -= 1;
      progress = 1;
    }
    return { progress, iteration, begin: iv.begin, indefinite: false };
  }
}
