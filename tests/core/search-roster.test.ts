import { describe, expect, it } from 'vitest';
import { testStation } from '../helpers/core';

/** The roster's own commands keep the search index current; a door station finds what a desk just wrote. */
describe('search after roster changes', () => {
  async function station() {
    const s = testStation();
    const admin = await s.admin();
    const desk = await s.operator(admin, 'desk', 'desk-1');
    const supervisor = await s.operator(admin, 'supervisor', 'super-1');
    const door = await s.operator(admin, 'door', 'door-1');
    const search = async (query: string) => s.must('roster:search', { query }, door);
    return { ...s, desk, supervisor, search };
  }

  it('finds a walk-in by the initials of a compound surname as soon as the desk registers them', async () => {
    const s = await station();
    const walkIn = await s.must('roster:createWalkIn', { nameZh: '欧阳娜娜', orgZh: '湖南日报社', categoryId: 'media', phone: '13912348888' }, s.desk);
    expect((await s.search('oynn'))[0]).toMatchObject({ id: walkIn.id, matched: 'initials', phoneMasked: '139****8888' });
    expect((await s.search('8888')).map((h) => h.id)).toContain(walkIn.id);
  });

  it('forgets the old name and finds the new one after an edit', async () => {
    const s = await station();
    const walkIn = await s.must('roster:createWalkIn', { nameZh: '曾小明', categoryId: 'delegate' }, s.desk);
    await s.must('roster:update', { id: walkIn.id, patch: { nameZh: '解晓东' } }, s.desk);
    expect(await s.search('曾小明')).toEqual([]);
    expect(await s.search('zxm')).toEqual([]);
    expect((await s.search('xiexiaodong')).map((h) => h.id)).toEqual([walkIn.id]);
  });

  it('still finds a cancelled attendee, marked cancelled', async () => {
    const s = await station();
    const walkIn = await s.must('roster:createWalkIn', { nameZh: '单伟', categoryId: 'delegate' }, s.desk);
    await s.must('roster:cancel', { id: walkIn.id, reason: 'registered twice' }, s.supervisor);
    expect((await s.search('shanwei'))[0]).toMatchObject({ id: walkIn.id, status: 'cancelled' });
  });
});
