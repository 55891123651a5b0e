import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { err } from '../../src/shared/result';
import type { Role } from '../../src/shared/roles';
import { eventFileOf, fakeStation, session } from './fakeStation';
import type { FakeStation } from './fakeStation';
import { renderStation } from './renderStation';

function adminStation(): FakeStation {
  return fakeStation({ session: session('admin'), mode: 'office' });
}

/** Picks a file in the import's file input, as the operating system's file dialog would. */
function chooseFile(text: string, name = 'cnmc-2024.lanyard-event.json') {
  fireEvent.change(screen.getByLabelText('要导入的活动数据文件'), { target: { files: [new File([text], name, { type: 'application/json' })] } });
}

const commands = (station: FakeStation) => station.calls.map((c) => c.command);

describe('event file actions', () => {
  it.each<Role>(['desk', 'supervisor'])('are not shown to %s operators', async (role) => {
    renderStation(fakeStation({ session: session(role), mode: 'office' }));
    await screen.findByRole('heading', { name: '活动（3）' });
    expect(screen.queryByRole('heading', { name: '活动数据' })).toBeNull();
    expect(screen.queryByRole('button', { name: '导出 JSON 文件' })).toBeNull();
    expect(screen.queryByRole('button', { name: '导入 JSON 文件…' })).toBeNull();
    expect(screen.queryByRole('button', { name: '删除演示数据' })).toBeNull();
  });

  it('are shown to an administrator', async () => {
    renderStation(adminStation());
    const panel = (await screen.findByRole('heading', { name: '活动数据' })).closest('section') as HTMLElement;
    expect(within(panel).getAllByRole('button').map((b) => b.textContent)).toEqual(['导出 JSON 文件', '导入 JSON 文件…', '删除演示数据']);
  });

  it('says what an import will change, and imports only after it is confirmed', async () => {
    const station = adminStation();
    renderStation(station);
    await screen.findByRole('heading', { name: '活动数据' });
    const file = eventFileOf(station.state.event);
    file.event.name = { zh: '2025中国新媒体大会', en: '2025 China New Media Conference' };
    file.activities[0] = { ...file.activities[0]!, room: '长沙国际会议中心 主会场' };
    file.activities.push({ ...file.activities[2]!, id: 'closing', title: { zh: '闭幕式', en: 'Closing Ceremony' }, shortTitle: { zh: '闭幕式', en: 'Closing' } });
    file.categories.pop();
    chooseFile(JSON.stringify(file));

    const dialog = await screen.findByRole('dialog', { name: '导入“cnmc-2024.lanyard-event.json”？' });
    const row = (name: string) => within(dialog).getByRole('row', { name: new RegExp(`^${name}`) }).textContent;
    expect(row('会议名称')).toBe('会议名称2024中国新媒体大会2025中国新媒体大会已改名');
    expect(row('活动')).toBe('活动34新增 1修改 1');
    expect(row('证件类别')).toBe('证件类别21删除 1');
    expect(commands(station)).not.toContain('event:import');

    fireEvent.click(within(dialog).getByRole('button', { name: '导入' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(station.calls.find((c) => c.command === 'event:import')?.input).toEqual({ file });
    expect((await screen.findByRole('status')).textContent).toBe('已导入“cnmc-2024.lanyard-event.json”：4 个活动，1 个证件类别。');
    expect(await screen.findByRole('heading', { name: '活动（4）' })).toBeTruthy();
    expect(within(screen.getByRole('table')).getByRole('row', { name: /主论坛/ }).textContent).toContain('长沙国际会议中心 主会场');
  });

  it('lists each problem main finds in an imported file by its path, and says nothing was changed', async () => {
    const station = adminStation();
    station.answer('event:import', () =>
      err('invalid_event', 'the event file has 2 problem(s)', [
        { path: 'activities[3].capacity', message: 'Invalid input: expected number, received string' },
        { path: 'event.endDate', message: 'is before the start date' },
      ]),
    );
    renderStation(station);
    await screen.findByRole('heading', { name: '活动数据' });
    chooseFile(JSON.stringify(eventFileOf(station.state.event)), 'broken.json');
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '导入' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('未导入“broken.json”：文件中的活动数据不合规。未作任何更改。')).toBeTruthy();
    const problems = within(within(alert).getByRole('list', { name: '文件中的问题' })).getAllByRole('listitem');
    expect(problems.map((li) => [li.querySelector('code')?.textContent, li.querySelector('.problem-message')?.textContent])).toEqual([
      ['activities[3].capacity', 'Invalid input: expected number, received string'],
      ['event.endDate', 'is before the start date'],
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('heading', { name: '活动（3）' })).toBeTruthy();
  });

  it('shows a conflict without field details by the station’s own words', async () => {
    const station = adminStation();
    station.answer('event:import', () => err('conflict', 'this database holds event "cnmc-2024" with 300 attendees; it cannot become event "other"'));
    renderStation(station);
    await screen.findByRole('heading', { name: '活动数据' });
    chooseFile('{"event":{"id":"other"}}', 'other.json');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText('文件中没有')).toHaveLength(3);
    fireEvent.click(within(dialog).getByRole('button', { name: '导入' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('未导入“other.json”：与本站点现有数据冲突。未作任何更改。');
    expect(alert.textContent).toContain('it cannot become event "other"');
  });

  it('refuses a file that is not JSON and sends nothing', async () => {
    const station = adminStation();
    renderStation(station);
    await screen.findByRole('heading', { name: '活动数据' });
    chooseFile('活动,会场\n主论坛,主会场\n', 'programme.csv');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('“programme.csv”不是有效的 JSON 文件，未发送给站点，未作任何更改。')).toBeTruthy();
    expect(alert.querySelector('.message-detail')?.textContent).toMatch(/JSON/);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(commands(station)).not.toContain('event:import');
  });

  it('sends nothing when the import is cancelled with Escape', async () => {
    const station = adminStation();
    renderStation(station);
    await screen.findByRole('heading', { name: '活动数据' });
    chooseFile(JSON.stringify(eventFileOf(station.state.event)));
    const dialog = await screen.findByRole('dialog');
    // The dialog moves focus to its safe button in an effect, after it is on screen.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: '取消' })));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(commands(station)).not.toContain('event:import');
  });
});

describe('demo data', () => {
  it('asks before removing the demo attendees, and removes them only once confirmed', async () => {
    const station = adminStation();
    station.state.status.attendees = { total: 3_120, demo: 3_000 };
    renderStation(station);
    fireEvent.click(await screen.findByRole('button', { name: '删除演示数据' }));
    let dialog = screen.getByRole('dialog', { name: '删除 3,000 名演示参会者？' });
    expect(within(dialog).getByText('只删除生成的演示名单，真实参会者不受影响。')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(commands(station)).not.toContain('demo:remove');

    fireEvent.click(screen.getByRole('button', { name: '删除演示数据' }));
    dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '删除演示参会者' }));
    expect((await screen.findByRole('status')).textContent).toBe('已删除 3,000 名演示参会者。');
    expect(commands(station).filter((c) => c === 'demo:remove')).toHaveLength(1);
    // The counts come from a fresh app:status: 120 real attendees stay, the demo tag and the action go.
    await waitFor(() => expect(screen.queryByRole('button', { name: '删除演示数据' })).toBeNull());
    const attendees = screen.getByText('参会者', { selector: 'dt' }).nextElementSibling;
    expect(attendees?.textContent).toBe('120');
    const mainForum = within(screen.getByRole('table')).getByRole('row', { name: /主论坛/ });
    await waitFor(() => expect(within(mainForum).queryByText('212')).toBeNull());
    expect(within(mainForum).getByText('0')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers nothing to remove when the station has no demo attendees', async () => {
    const station = adminStation();
    station.state.status.attendees = { total: 120, demo: 0 };
    renderStation(station);
    await screen.findByRole('heading', { name: '活动数据' });
    expect(screen.queryByRole('button', { name: '删除演示数据' })).toBeNull();
  });
});
