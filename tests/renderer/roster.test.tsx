import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../src/shared/result';
import { fakeStation, session } from './fakeStation';
import { renderStation } from './renderStation';

async function openRoster(station = fakeStation({ session: session('desk'), mode: 'desk' })) {
  renderStation(station);
  fireEvent.click(await screen.findByRole('button', { name: '参会者' }));
  // The roster reads the event first; wait for the screen, not for a fixed number of ticks.
  await screen.findByRole('combobox', { name: '搜索参会者' });
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

    // The new order's page replaces the rows: until it arrives they are empty placeholders.
    await waitFor(() => expect(within(rows).getAllByRole('button')).toHaveLength(2));
    fireEvent.click(within(rows).getAllByRole('button')[0] as HTMLElement);
    expect(await screen.findByRole('dialog', { name: '参会者详情' })).toBeTruthy();
  });

  it('moves through the table with the arrow keys, one row in the Tab order', async () => {
    await openRoster();
    const rows = screen.getByRole('list', { name: '全部参会者' });
    await waitFor(() => expect(within(rows).getAllByRole('button')).toHaveLength(2));
    const buttons = within(rows).getAllByRole('button');
    expect(buttons.map((b) => b.tabIndex)).toEqual([0, -1]);
    buttons[0]!.focus();
    fireEvent.keyDown(buttons[0]!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(within(rows).getAllByRole('button')[1]));
    expect(within(rows).getAllByRole('button').map((b) => b.tabIndex)).toEqual([-1, 0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(within(rows).getAllByRole('button')[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toBe(within(rows).getAllByRole('button')[0]));
  });

  it('is not offered at a door station', async () => {
    renderStation(fakeStation({ session: session('admin'), mode: 'door', activityId: 'main-forum' }));
    await screen.findByRole('navigation');
    expect(screen.queryByRole('button', { name: '参会者' })).toBeNull();
  });
});

describe('attendee edit and walk-in', () => {
  it('sends only the changed fields and shows a refused field at the field', async () => {
    const station = await openRoster();
    station.answer('roster:update', () => err('invalid_input', 'the attendee has 1 problem(s)', [{ path: 'documentNumber', code: 'id_bad_check_digit', message: 'bad check digit' }]));
    fireEvent.change(screen.getByRole('combobox', { name: '搜索参会者' }), { target: { value: 'zs' } });
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option'));
    fireEvent.click(await screen.findByRole('button', { name: '修改' }));
    const dialog = screen.getByRole('dialog', { name: '修改参会者' });
    fireEvent.change(within(dialog).getByLabelText('证件号码'), { target: { value: '430102198001011235' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    const number = within(dialog).getByLabelText('证件号码');
    await waitFor(() => expect(number.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('身份证号校验位不符。')).toBeTruthy();
    // The masked phone was left alone, so it is not sent back over the real one.
    expect(station.calls.find((c) => c.command === 'roster:update')?.input).toEqual({ id: 'att-1', patch: { documentNumber: '430102198001011235' } });
  });

  it('lets a supervisor cancel an attendee only with a reason', async () => {
    const station = await openRoster(fakeStation({ session: session('supervisor'), mode: 'desk' }));
    station.answer('roster:cancel', () => ok(station.state.attendees[0]));
    fireEvent.change(screen.getByRole('combobox', { name: '搜索参会者' }), { target: { value: 'zs' } });
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option'));
    fireEvent.click(await screen.findByRole('button', { name: '取消参会' }));
    expect(await screen.findByText('此项必填。')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('取消原因'), { target: { value: '本人来电取消' } });
    fireEvent.click(screen.getByRole('button', { name: '取消参会' }));
    await waitFor(() => expect(station.calls.find((c) => c.command === 'roster:cancel')?.input).toEqual({ id: 'att-1', reason: '本人来电取消' }));
  });

  it('requires a name for a walk-in before asking the station', async () => {
    const station = await openRoster();
    fireEvent.click(screen.getByRole('button', { name: '现场登记' }));
    const dialog = screen.getByRole('dialog', { name: '现场登记' });
    fireEvent.change(within(dialog).getByLabelText('单位'), { target: { value: '长沙晚报' } });
    fireEvent.keyDown(within(dialog).getByLabelText('单位'), { key: 'Enter', ctrlKey: true });
    expect(await within(dialog).findByText('请填写中文姓名或英文名。')).toBeTruthy();
    expect(station.calls.map((c) => c.command)).not.toContain('roster:createWalkIn');
  });

  it('registers a walk-in and opens the new attendee', async () => {
    const station = await openRoster();
    fireEvent.click(screen.getByRole('button', { name: '现场登记' }));
    const dialog = screen.getByRole('dialog', { name: '现场登记' });
    fireEvent.change(within(dialog).getByLabelText('中文姓名'), { target: { value: '李四' } });
    fireEvent.click(within(dialog).getByLabelText('主论坛'));
    fireEvent.click(within(dialog).getByRole('button', { name: '登记' }));
    expect(await screen.findByRole('dialog', { name: '参会者详情' })).toBeTruthy();
    expect(station.calls.find((c) => c.command === 'roster:createWalkIn')?.input).toMatchObject({ nameZh: '李四', categoryId: 'guest', registrations: ['main-forum'] });
    expect(await screen.findByText('李四')).toBeTruthy();
  });
});
