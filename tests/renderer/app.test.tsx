import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { err } from '../../src/shared/result';
import { fakeStation, session } from './fakeStation';
import { renderStation } from './renderStation';

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('first start and sign-in', () => {
  it('shows the first-start form when no admin exists', async () => {
    renderStation(fakeStation({ needsAdmin: true }));
    expect(await screen.findByRole('heading', { name: '创建管理员' })).toBeTruthy();
    expect((screen.getByLabelText('管理员姓名') as HTMLInputElement).value).toBe('admin');
    expect(screen.queryByRole('heading', { name: '操作员登录' })).toBeNull();
  });

  it('refuses a PIN that is not 4 to 12 digits before asking the station', async () => {
    const station = fakeStation({ needsAdmin: true });
    renderStation(station);
    await screen.findByRole('heading', { name: '创建管理员' });
    type('PIN 码', '12a4');
    type('再次输入 PIN 码', '12a4');
    fireEvent.click(screen.getByRole('button', { name: '创建并登录' }));
    expect(await screen.findByText('PIN 码须为 4 至 12 位数字。')).toBeTruthy();
    expect(station.calls.map((c) => c.command)).not.toContain('operator:createFirstAdmin');
  });

  it('says when the two PINs differ', async () => {
    const station = fakeStation({ needsAdmin: true });
    renderStation(station);
    await screen.findByRole('heading', { name: '创建管理员' });
    type('PIN 码', '2468');
    type('再次输入 PIN 码', '2469');
    fireEvent.click(screen.getByRole('button', { name: '创建并登录' }));
    expect(await screen.findByText('两次输入的 PIN 码不一致。')).toBeTruthy();
    expect(station.calls.map((c) => c.command)).not.toContain('operator:createFirstAdmin');
  });

  it('creates the administrator and opens the station setup', async () => {
    const station = fakeStation({ needsAdmin: true });
    renderStation(station);
    await screen.findByRole('heading', { name: '创建管理员' });
    type('PIN 码', '2468');
    type('再次输入 PIN 码', '2468');
    fireEvent.click(screen.getByRole('button', { name: '创建并登录' }));
    expect(await screen.findByRole('heading', { name: '站点设置' })).toBeTruthy();
    expect(station.calls.find((c) => c.command === 'operator:createFirstAdmin')?.input).toEqual({ name: 'admin', pin: '2468' });
  });

  it('shows a wrong PIN by its error code, in the station language', async () => {
    const station = fakeStation({ language: 'en' });
    renderStation(station);
    await screen.findByRole('heading', { name: 'Operator sign-in' });
    type('Operator name', 'admin');
    type('PIN', '0000');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong operator name or PIN.');
    expect((screen.getByLabelText('PIN') as HTMLInputElement).value).toBe('');
  });

  it('tells a locked-out operator how long to wait', async () => {
    const station = fakeStation();
    station.answer('session:signIn', () => err('locked_out', 'too many wrong PINs for admin; try again in 42 s', { seconds: 42 }));
    renderStation(station);
    await screen.findByRole('heading', { name: '操作员登录' });
    type('操作员姓名', 'admin');
    type('PIN 码', '1111');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toContain('PIN 码错误次数过多，请 42 秒后再试。');
  });

  it('says so when the station does not answer, instead of crashing', async () => {
    renderStation({ ...fakeStation(), transport: { call: async () => err('unreachable', 'the station did not answer') } });
    expect((await screen.findByRole('alert')).textContent).toContain('无法连接站点');
    expect(screen.getByRole('button', { name: '重试' })).toBeTruthy();
  });
});

describe('language', () => {
  it('switches the language and persists it through the API', async () => {
    const station = fakeStation();
    renderStation(station);
    await screen.findByRole('heading', { name: '操作员登录' });

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Operator sign-in' })).toBeTruthy();
    expect(screen.queryByText('操作员登录')).toBeNull();
    const saved = () => station.calls.filter((c) => c.command === 'station:setLanguage').map((c) => c.input);
    await waitFor(() => expect(saved()).toEqual([{ language: 'en' }]));
    expect(document.documentElement.lang).toBe('en-GB');

    fireEvent.click(screen.getByRole('button', { name: '简体中文' }));
    expect(await screen.findByRole('heading', { name: '操作员登录' })).toBeTruthy();
    await waitFor(() => expect(saved()).toEqual([{ language: 'en' }, { language: 'zh' }]));
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('starts in the language saved for this station', async () => {
    renderStation(fakeStation({ language: 'en', session: session('admin'), mode: 'office' }));
    expect(await screen.findByRole('heading', { name: 'Activities (3)' })).toBeTruthy();
    expect(screen.getByText('Opening Ceremony and Main Forum')).toBeTruthy();
    // The event's other language stays visible, smaller, under each title.
    expect(screen.getByText('开幕式暨主论坛')).toBeTruthy();
  });
});

describe('event overview', () => {
  it('opens a desk on the search box, not on the programme', async () => {
    renderStation(fakeStation({ session: session('desk'), mode: 'desk' }));
    const box = await screen.findByRole('combobox', { name: '搜索参会者' });
    // The box takes the focus in an effect after it appears: under load that is a tick later.
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(screen.getByRole('button', { name: '参会者' }).getAttribute('aria-current')).toBe('page');
  });

  it('shows unset rooms, times and capacities as "not set", never invented', async () => {
    renderStation(fakeStation({ session: session('desk'), mode: 'desk' }));
    fireEvent.click(await screen.findByRole('button', { name: '活动一览' }));
    const table = await screen.findByRole('table');
    const mainForum = within(table).getByRole('row', { name: /主论坛/ });
    expect(within(mainForum).getAllByText('未设置')).toHaveLength(3);
    expect(within(mainForum).getByText('未排期')).toBeTruthy();
    expect(within(mainForum).getByText('212')).toBeTruthy();
    const forum1 = within(table).getByRole('row', { name: /平行论坛一/ });
    expect(within(forum1).getByText('芒果馆 A 厅')).toBeTruthy();
    expect(within(forum1).getByText('09:00–12:00')).toBeTruthy();
    expect(within(forum1).queryByText('未设置')).toBeNull();
    // Desk staff read the programme; only admins edit it.
    expect(within(table).queryByRole('button', { name: /编辑/ })).toBeNull();
  });

  it('lists the categories with their colour and both names', async () => {
    renderStation(fakeStation({ session: session('desk'), mode: 'desk' }));
    fireEvent.click(await screen.findByRole('button', { name: '活动一览' }));
    const list = await screen.findByRole('list');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['嘉宾Guest', '媒体Media']);
    expect((list.querySelector('.swatch') as HTMLElement).style.backgroundColor).toBe('rgb(200, 16, 46)');
  });

  it('lets an admin fill in an activity and sends exactly the edited fields', async () => {
    const station = fakeStation({ session: session('admin'), mode: 'office' });
    renderStation(station);
    fireEvent.click(await screen.findByRole('button', { name: '编辑“主论坛”' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('会场'), { target: { value: '长沙国际会议中心 主会场' } });
    fireEvent.change(within(dialog).getByLabelText('日期'), { target: { value: '2024-10-15' } });
    fireEvent.change(within(dialog).getByLabelText('开始时间'), { target: { value: '９：００' } });
    fireEvent.change(within(dialog).getByLabelText('结束时间'), { target: { value: '11:30' } });
    fireEvent.change(within(dialog).getByLabelText('容量'), { target: { value: '1800' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(station.calls.find((c) => c.command === 'event:updateActivity')?.input).toEqual({
      id: 'main-forum',
      room: '长沙国际会议中心 主会场',
      day: '2024-10-15',
      startTime: '09:00',
      endTime: '11:30',
      capacity: 1800,
    });
    // The table shows what the station answered after the reload, not what was typed.
    const row = (await screen.findByText('长沙国际会议中心 主会场')).closest('tr');
    expect(row && within(row).getByText('开幕式暨主论坛')).toBeTruthy();
    expect(row && within(row).getByText('1,800')).toBeTruthy();
  });

  it('lets an admin set an activity\'s door rules: who may enter, re-entry, how early it opens', async () => {
    const station = fakeStation({ session: session('admin'), mode: 'office' });
    renderStation(station);
    fireEvent.click(await screen.findByRole('button', { name: '编辑“主论坛”' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('媒体能否进入'), { target: { value: 'registered' } });
    fireEvent.change(within(dialog).getByLabelText('再次入场'), { target: { value: 'refuse' } });
    fireEvent.click(within(dialog).getByLabelText('离场时也扫码'));
    fireEvent.change(within(dialog).getByLabelText('提前开门（分钟）'), { target: { value: '2 小时' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await within(dialog).findByText('请填 0 至 1440 之间的整数。')).toBeTruthy();
    expect(station.calls.map((c) => c.command)).not.toContain('event:updateActivity');

    fireEvent.change(within(dialog).getByLabelText('提前开门（分钟）'), { target: { value: '１２０' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(station.calls.find((c) => c.command === 'event:updateActivity')?.input).toEqual({
      id: 'main-forum',
      room: null,
      day: null,
      startTime: null,
      endTime: null,
      capacity: null,
      policy: { reEntry: 'refuse', exitScans: true, opensMinutesBefore: 120, capacityCounts: 'inside', deskArrivalRequired: false, admitNotYetReceived: false },
      access: { media: 'registered' },
    });
  });

  it('closes the activity editor with Escape, saving nothing, and gives focus back to its button', async () => {
    const station = fakeStation({ session: session('admin'), mode: 'office' });
    renderStation(station);
    const edit = await screen.findByRole('button', { name: '编辑“主论坛”' });
    edit.focus();
    fireEvent.click(edit);
    const dialog = screen.getByRole('dialog');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('会场'));
    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(edit);
    expect(station.calls.map((c) => c.command)).not.toContain('event:updateActivity');
  });

  it('checks the times before sending and shows the field errors main reports', async () => {
    const station = fakeStation({ session: session('admin'), mode: 'office' });
    station.answer('event:updateActivity', () =>
      err('invalid_event', 'the event file has 1 problem(s)', [{ path: 'activities[0].day', message: 'is outside the event dates' }]),
    );
    renderStation(station);
    fireEvent.click(await screen.findByRole('button', { name: '编辑“主论坛”' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('开始时间'), { target: { value: '14:00' } });
    fireEvent.change(within(dialog).getByLabelText('结束时间'), { target: { value: '09:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await within(dialog).findByText('结束时间须晚于开始时间。')).toBeTruthy();
    expect(station.calls.map((c) => c.command)).not.toContain('event:updateActivity');

    fireEvent.change(within(dialog).getByLabelText('结束时间'), { target: { value: '17:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await within(dialog).findByText('站点未接受：is outside the event dates')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toContain('活动数据不合规，未作任何更改。');
  });
});

describe('roles', () => {
  it('shows forbidden as a message instead of crashing', async () => {
    const station = fakeStation({ session: session('admin'), mode: 'office' });
    station.answer('operator:list', () => err('forbidden', 'operator:list needs the admin role; admin is supervisor', { needs: 'admin', has: 'supervisor' }));
    renderStation(station);
    fireEvent.click(await screen.findByRole('button', { name: '操作员' }));
    expect((await screen.findByRole('alert')).textContent).toContain('此操作需要“管理员”或更高的角色。');
    expect(screen.getByRole('heading', { name: '添加操作员' })).toBeTruthy();
  });

  it('shows desk staff the station setup read-only and no admin screens', async () => {
    renderStation(fakeStation({ session: session('desk'), mode: 'desk' }));
    const nav = await screen.findByRole('navigation');
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['参会者', '证件', '活动一览', '站点设置']);
    fireEvent.click(within(nav).getByRole('button', { name: '站点设置' }));
    expect(await screen.findByText('站点设置只能由主管或管理员修改。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '保存设置' })).toBeNull();
  });

  it('returns to the sign-in screen when the station says the session is gone', async () => {
    const station = fakeStation({ session: session('admin'), mode: 'office' });
    station.answer('audit:list', () => {
      station.state.session = null;
      return err('unauthenticated', 'sign in first');
    });
    renderStation(station);
    fireEvent.click(await screen.findByRole('button', { name: '审计日志' }));
    expect(await screen.findByRole('heading', { name: '操作员登录' })).toBeTruthy();
    expect(screen.getByText('登录已失效，请重新登录。')).toBeTruthy();
  });
});

describe('station setup', () => {
  it('binds a door station to one activity and shows its door home', async () => {
    const station = fakeStation({ session: session('supervisor'), mode: null });
    renderStation(station);
    expect(await screen.findByRole('heading', { name: '站点设置' })).toBeTruthy();
    type('站点名称', '主会场 A 门');
    fireEvent.click(screen.getByRole('radio', { name: /入口核验/ }));
    fireEvent.click(screen.getByRole('button', { name: '保存设置' }));
    expect(await screen.findByText('入口站点须选择一个活动。')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: /开幕式暨主论坛/ }));
    fireEvent.click(screen.getByRole('button', { name: '保存设置' }));
    expect(await screen.findByRole('heading', { level: 1, name: '开幕式暨主论坛' })).toBeTruthy();
    expect(station.calls.find((c) => c.command === 'station:configure')?.input).toEqual({ name: '主会场 A 门', mode: 'door', activityId: 'main-forum' });
    expect(screen.getByRole('textbox', { name: '证件码（扫码枪）' })).toBeTruthy();
    expect(screen.getByRole('banner').textContent).toContain('主会场 A 门');
  });
});
