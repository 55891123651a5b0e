import { cleanup, render } from '@testing-library/react';
import { afterEach } from 'vitest';
import { createApi } from '../../src/shared/api';
import { App } from '../../src/renderer/App';
import { createI18n } from '../../src/renderer/i18n';
import type { FakeStation } from './fakeStation';

afterEach(cleanup);

/** Mounts the whole renderer against a fake station, starting in Chinese as a fresh station does. */
export function renderStation(station: FakeStation) {
  const i18n = createI18n('zh');
  const view = render(<App api={createApi(station.transport)} i18n={i18n} />);
  return { ...view, i18n };
}
