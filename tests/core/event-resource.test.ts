import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { parseEventFile } from '../../src/main/core/services';

describe('the CNMC 2024 event file shipped in resources/', () => {
  const file = JSON.parse(readFileSync('resources/events/cnmc-2024.lanyard-event.json', 'utf8')) as unknown;

  it('is a valid event file an organiser can edit and import', () => {
    expect(() => parseEventFile(file)).not.toThrow();
  });

  it('is exactly the embedded default event', () => {
    expect(file).toEqual(cnmc2024());
  });
});
