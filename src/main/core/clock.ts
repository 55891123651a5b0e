/** The only source of "now" in core; tests pass a fixed one. */
export interface Clock {
  now(): Date;
}

/**
 * A station whose clock is wrong, for the tests of clock skew between stations (the only fake the sync tests use):
 * `LANYARD_CLOCK_SKEW_MS` moves this process's "now". Never set on a real station.
 */
const SKEW_MS = Number(process.env.LANYARD_CLOCK_SKEW_MS ?? 0) || 0;

export const systemClock: Clock = { now: () => (SKEW_MS === 0 ? new Date() : new Date(Date.now() + SKEW_MS)) };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

// One formatter per time zone: building an Intl.DateTimeFormat costs more than a door's whole scan decision.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  return format;
}

// A zone's offset changes only at transitions, which fall on quarter hours of UTC (local whole or half hours, offsets
// in quarter hours): one offset per zone and quarter hour, read from Intl once, serves every scan inside it.
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

function offsetMs(at: number, timeZone: string): number {
  const quarter = Math.floor(at / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const part: Record<string, string> = {};
    for (const p of formatterFor(timeZone).formatToParts(new Date(quarter))) part[p.type] = p.value;
    offset = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute)) - quarter;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Wall-clock date and time in the event's own time zone, as comparable strings. */
export function localDateTime(at: Date, timeZone: string): { date: string; time: string } {
  const local = new Date(at.getTime() + offsetMs(at.getTime(), timeZone));
  return { date: `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`, time: `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}` };
}
