import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeStation, session } from './fakeStation';
import { renderStation } from './renderStation';

async function openRoster(station = fakeStation({ session: session('desk'), mode: 'desk' })) {
  renderStation(station);
  fireEvent.click(await screen.findByRole('button', { name: '参会者' }));
  return station;
}

/** jsdom lays nothing out; the table's scroller is given a screen's height so the virtualiser renders rows. */
function withScrollerHeight() {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeEach(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('grid-scroll') ? 600 : 0;
      },
    });
  });
  afterEach(() => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
  });
}

describe('roster', () => {
  withScrollerHeight();

  it('searches as the desk types and opens the chosen attendee with Enter', async () => {
    const station = await openRoster();
    const box = screen.getByRole('combobox', { name: '搜索参会者' });
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: 'z' } });
    fireEvent.change(box, { target: { value: 'zs' } });
    const hits = await screen.findByRole('listbox', { name: '搜索结果' });
    const options = within(hits).getAllByRole('option');
    expect(options).toHaveLength(1);
    expect(options[0]?.textContent).toContain('张三');
    expect(options[0]?.textContent).toContain('138****5678');
    expect(options[0]?.textContent).toContain('拼音首字母');
    // Debounced: the half-typed "z" never reached the station.
    expect(station.calls.filter((c) => c.command === 'roster:search').map((c) => c.input)).toEqual([{ query: 'zs', limit: 50 }]);

    fireEvent.keyDown(box, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: '参会者详情' });
    expect(await within(dialog).findByText('430************234', { exact: false })).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toContain('需要陪同');
    expect(within(dialog).getByText('平行论坛一')).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('moves through the results with the arrow keys and marks a cancelled attendee', async () => {
    const station = await openRoster();
    const box = screen.getByRole('combobox', { name: '搜索参会者' });
    fireEvent.change(box, { target: { value: '张' } });
    const hits = await screen.findByRole('listbox');
    expect(within(hits).getAllByRole('option')[1]?.textContent).toContain('已取消');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(within(hits).getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'Enter' });
    await screen.findByRole('dialog');
    expect(station.calls.filter((c) => c.command === 'roster:get').map((c) => c.input)).toEqual([{ id: 'att-2' }]);
  });

  it('shows the whole roster as a table, in pages, while the search box is empty', async () => {
    const station = await openRoster();
    expect(await screen.findByRole('heading', { name: '全部参会者（2 人）' })).toBeTruthy();
    const rows = screen.getByRole('list', { name: '全部参会者' });
    await waitFor(() => expect(within(rows).getAllByRole('listitem')).toHaveLength(2));
    expect(station.calls.find((c) => c.command === 'roster:list')?.input).toEqual({ offset: 0, limit: 200, sort: 'pinyin' });
    expect(screen.queryByRole('listbox')).toBeNull();

    fireEvent.change(screen.getByRole('combobox', { name: '排序' }), { target: { value: 'organisation' } });
    await waitFor(() => expect(station.calls.filter((c) => c.command === 'roster:list').at(-1)?.input).toEqual({ offset: 0, limit: 200, sort: 'organisation' }));

    fireEvent.click(within(rows).getAllByRole('button')[0] as HTMLElement);
    expect(await screen.findByRole('dialog', { name: '参会者详情' })).toBeTruthy();
  });

  it('is not offered at a door station', async () => {
    renderStation(fakeStation({ session: session('admin'), mode: 'door', activityId: 'main-forum' }));
    await screen.findByRole('navigation');
    expect(screen.queryByRole('button', { name: '参会者' })).toBeNull();
  });
});
