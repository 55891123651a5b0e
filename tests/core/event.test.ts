import { describe, expect, it } from 'vitest';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { eventFileSchema } from '../../src/shared/event';
import { testStation } from '../helpers/core';

describe('the embedded CNMC 2024 event', () => {
  const file = cnmc2024();

  it('is a valid event file', () => {
    expect(eventFileSchema.safeParse(file).success).toBe(true);
  });

  it('is in Changsha on 15–16 October 2024 under its theme', () => {
    expect(file.event).toMatchObject({
      name: { zh: '2024中国新媒体大会', en: '2024 China New Media Conference' },
      city: { zh: '长沙', en: 'Changsha' },
      startDate: '2024-10-15',
      endDate: '2024-10-16',
      theme: { zh: '新使命 新机制 新变革', en: 'New Missions, New Mechanisms, New Changes' },
    });
  });

  it('has the 1+6+4 programme with the source titles', () => {
    const kinds = file.activities.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'main_forum')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'parallel_forum')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'thematic_activity')).toHaveLength(4);
    const zh = file.activities.map((a) => a.title.zh);
    expect(zh).toContain('开幕式暨主论坛');
    for (const theme of ['推动全媒体生产 促进全媒体传播', '构建更有效力的国际传播体系', '共筑数字时代的新媒体责任', '融合创新 智慧传播', '媒体融合赋能社会治理', '文博新生态 数智新表达']) {
      expect(zh).toContain(`“${theme}”论坛`);
    }
    expect(zh).toContain('2024中国新媒体技术展');
    expect(zh).toContain('中国记协新媒体专业委员会第二届委员会年度工作会');
    expect(zh).toContain('“强‘四力’ 促深融”专题培训班');
    expect(zh.some((t) => t.endsWith('马栏山时间文创活动'))).toBe(true);
    const en = file.activities.map((a) => a.title.en);
    expect(en).toContain('Building a More Effective International Communication System');
    expect(en).toContain('New Ecology of Cultural Heritage and New Expression of Smart Digital');
  });

  it('leaves rooms, days, times and capacities for the organiser', () => {
    for (const a of file.activities) {
      expect([a.room, a.day, a.startTime, a.endTime, a.capacity]).toEqual([null, null, null, null, null]);
    }
  });

  it('has the ten bilingual categories, each with its own colour', () => {
    expect(file.categories.map((c) => c.name.zh)).toEqual(['嘉宾', '代表', '演讲嘉宾', '媒体', '港澳台媒体', '展商', '委员', '培训学员', '工作人员', '志愿者']);
    expect(new Set(file.categories.map((c) => c.colour)).size).toBe(10);
  });

  it('admits committee members and staff only to the committee meeting, trainees and staff only to the course', () => {
    const allowedAt = (activity: string) => file.categories.filter((c) => c.access[activity] !== 'denied').map((c) => c.id).sort();
    expect(allowedAt('committee-meeting')).toEqual(['committee', 'staff']);
    expect(allowedAt('training')).toEqual(['staff', 'trainee']);
  });

  it('opens the exhibition and Malanshan to every badge and the forums to registered attendees', () => {
    for (const c of file.categories) {
      expect(c.access['tech-expo']).toBe('allowed');
      expect(c.access.malanshan).toBe('allowed');
      expect(c.access['forum-3']).toBe(c.id === 'staff' ? 'allowed' : 'registered');
      expect(c.access['main-forum']).toBe(c.id === 'staff' ? 'allowed' : 'registered');
    }
  });
});

describe('event export and import', () => {
  it('gives back the same file it was given, with the event\'s public signing key and never its private key', async () => {
    const s = testStation();
    const token = await s.admin();
    const file = await s.must('event:export', {}, token);
    expect(file).toEqual({ ...cnmc2024(), signing: { publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } });
    expect(JSON.stringify(file)).not.toMatch(/PRIVATE KEY/);
  });

  it('applies an edited file and records the change in the audit log', async () => {
    const s = testStation();
    const token = await s.admin();
    const file = await s.must('event:export', {}, token);
    file.activities[0]!.room = '长沙国际会议中心 主会场';
    file.activities[0]!.capacity = 2000;
    const before = s.services.auditCount();
    await s.must('event:import', { file }, token);
    const view = await s.must('event:get', {}, token);
    expect(view.activities[0]).toMatchObject({ room: '长沙国际会议中心 主会场', capacity: 2000 });
    expect(s.services.auditCount()).toBe(before + 1);
    const [entry] = await s.must('audit:list', { limit: 1 }, token);
    expect(entry).toMatchObject({ action: 'event.import', operator: { name: 'admin' } });
  });

  it('names every wrong field by its path and changes nothing', async () => {
    const s = testStation();
    const token = await s.admin();
    const file = (await s.must('event:export', {}, token)) as unknown as { activities: Array<Record<string, unknown>>; categories: Array<Record<string, unknown>> };
    file.activities[3]!.capacity = 'about two hundred';
    file.activities[5]!.kind = 'party';
    file.categories[1]!.colour = 'blue';
    const before = s.services.auditCount();
    const r = await s.call('event:import', { file }, token);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_event');
    const paths = (r.error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['activities[3].capacity', 'activities[5].kind', 'categories[1].colour']));
    expect(await s.must('event:export', {}, token)).toEqual({ ...cnmc2024(), signing: expect.anything() });
    expect(s.services.auditCount()).toBe(before);
  });

  it('refuses a file whose categories forget an activity', async () => {
    const s = testStation();
    const token = await s.admin();
    const file = await s.must('event:export', {}, token);
    delete file.categories[2]!.access.training;
    const r = await s.call('event:import', { file }, token);
    expect(r.ok || (r.error.details as Array<{ path: string }>).map((d) => d.path)).toEqual(['categories[2].access.training']);
  });

  it('refuses to remove a category that attendees still have', async () => {
    const s = testStation();
    const token = await s.admin();
    await s.must('demo:generate', { attendees: 200 }, token);
    const file = await s.must('event:export', {}, token);
    file.categories = file.categories.filter((c) => c.id !== 'delegate');
    const r = await s.call('event:import', { file }, token);
    expect(r.ok ? 'ok' : r.error.code).toBe('conflict');
    expect((await s.must('event:export', {}, token)).categories).toHaveLength(10);
  });
});

describe('editing an activity', () => {
  it('fills in room, day, time and capacity, audited with before and after', async () => {
    const s = testStation();
    const token = await s.admin();
    const view = await s.must('event:updateActivity', { id: 'forum-2', room: '芙蓉厅', day: '2024-10-15', startTime: '14:00', endTime: '17:30', capacity: 300 }, token);
    expect(view).toMatchObject({ room: '芙蓉厅', capacity: 300, status: 'upcoming' });
    const [entry] = await s.must('audit:list', { limit: 1 }, token);
    expect(entry).toMatchObject({ action: 'event.updateActivity', entityId: 'forum-2', before: { room: null }, after: { room: '芙蓉厅' } });
  });

  it('refuses a day outside the event dates and keeps the activity as it was', async () => {
    const s = testStation();
    const token = await s.admin();
    const r = await s.call('event:updateActivity', { id: 'forum-2', day: '2024-10-20' }, token);
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_event');
    expect((await s.must('event:get', {}, token)).activities.find((a) => a.id === 'forum-2')?.day).toBeNull();
  });

  it('reports an activity as open during its time window in Changsha time', async () => {
    const s = testStation('2024-10-15T06:30:00Z');
    const token = await s.admin();
    const view = await s.must('event:updateActivity', { id: 'forum-2', day: '2024-10-15', startTime: '14:00', endTime: '17:30' }, token);
    expect(view.status).toBe('open');
    s.clock.set('2024-10-15T09:31:00Z');
    expect((await s.must('event:get', {}, token)).activities.find((a) => a.id === 'forum-2')?.status).toBe('ended');
  });
});
