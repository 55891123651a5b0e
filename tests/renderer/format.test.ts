import { describe, expect, it } from 'vitest';
import { eventDays, formatDateRange, formatDay } from '../../src/renderer/format';

const join = { zh: (s: string, e: string) => `${s}至${e}`, en: (s: string, e: string) => `${s} – ${e}` };

describe('event dates', () => {
  it('writes a two-day event the way each language reads it', () => {
    expect(formatDateRange('2024-10-15', '2024-10-16', 'zh', join.zh)).toBe('2024年10月15日至16日');
    expect(formatDateRange('2024-10-15', '2024-10-16', 'en', join.en)).toBe('15 – 16 October 2024');
  });

  it('keeps the month when a range crosses one, and everything when it crosses a year', () => {
    expect(formatDateRange('2024-10-30', '2024-11-02', 'zh', join.zh)).toBe('2024年10月30日至11月2日');
    expect(formatDateRange('2024-10-30', '2024-11-02', 'en', join.en)).toBe('30 October – 2 November 2024');
    expect(formatDateRange('2024-12-31', '2025-01-01', 'en', join.en)).toBe('31 December 2024 – 1 January 2025');
  });

  it('writes a one-day event as one date', () => {
    expect(formatDateRange('2024-10-15', '2024-10-15', 'zh', join.zh)).toBe('2024年10月15日');
  });

  it('never shifts a calendar day by the time zone', () => {
    expect(formatDay('2024-10-15', 'zh')).toBe('10月15日周二');
    expect(eventDays('2024-10-15', '2024-10-16')).toEqual(['2024-10-15', '2024-10-16']);
  });
});
