import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../src/main/core/clock';

const formats = new Map<string, Intl.DateTimeFormat>();

/** What Intl says for this very instant: the reference the cached offsets must match. */
function intl(at: Date, timeZone: string): { date: string; time: string } {
  const part: Record<string, string> = {};
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  for (const p of formats.get(timeZone)!.formatToParts(at)) part[p.type] = p.value;
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/** The zone's offset from UTC at an instant, in minutes, by Intl. */
function offset(at: number, timeZone: string): number {
  const { date, time } = intl(new Date(at), timeZone);
  return (Date.parse(`${date}T${time}:00Z`) - (at - (at % 60_000))) / 60_000;
}

// Changsha, and zones whose clocks jump: by an hour, by half an hour (Lord Howe), at quarter-hour offsets (Kathmandu,
// Chatham), at half-hour offsets with summer time (St John's).
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];

describe('the event\'s wall clock', () => {
  it('reads every minute around each 2024–2026 clock change as Intl does', () => {
    for (const zone of ZONES) {
      let checked = 0;
      // Find the transitions by hourly steps, then check every minute of the two hours around each.
      for (let at = Date.UTC(2024, 0, 1); at < Date.UTC(2027, 0, 1); at += 3 * 3_600_000) {
        if (offset(at, zone) === offset(at + 3 * 3_600_000, zone)) continue;
        for (let m = -30; m <= 210; m++) {
          const when = new Date(at + m * 60_000);
          expect(localDateTime(when, zone), `${zone} at ${when.toISOString()}`).toEqual(intl(when, zone));
          checked++;
        }
      }
      // Shanghai keeps one offset all year; the others change twice a year, three years running.
      if (zone !== 'Asia/Shanghai' && zone !== 'Asia/Kathmandu') expect(checked).toBeGreaterThan(0);
    }
  });

  it('reads random instants as Intl does, seconds and all', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const when = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 4 * 365 * 86_400_000));
      const zone = ZONES[i % ZONES.length]!;
      expect(localDateTime(when, zone)).toEqual(intl(when, zone));
    }
  });
});
