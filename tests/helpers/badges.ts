import type { AttendeeRecord } from '../../src/shared/attendee';
import { attendee } from '../core/roster-fixtures';

/** Attendees whose badges are hard to set: a compound surname, long Latin names, traditional characters, a missing glyph. */
export const BADGE_PEOPLE = {
  ouyang: attendee({ id: '0YANG00001', nameZh: '欧阳诸葛明', nameEn: null, orgZh: '中国新闻社湖南分社新媒体中心融合报道部', orgEn: null, title: '主任记者', categoryId: 'speaker', registrations: ['main-forum', 'forum-2', 'forum-5'] }),
  longLatin: attendee({ id: '1NGNAME000', nameZh: null, nameEn: 'Bartholomew Maximilian Featherstonehaugh-Smythe', orgZh: null, orgEn: 'International Federation of Digital Journalism and Media Innovation', title: 'Senior Correspondent for Asia-Pacific Affairs', categoryId: 'media', region: 'abroad', registrations: ['main-forum', 'forum-3'] }),
  oneWord: attendee({ id: '2NGW0RD000', nameZh: null, nameEn: 'Wolfeschlegelsteinhausenbergerdorff', orgZh: null, orgEn: 'Deutsche Welle', title: null, categoryId: 'guest', region: 'abroad', registrations: [] }),
  hongKong: attendee({ id: '3HKMEDA000', nameZh: '陳大文', nameEn: 'CHAN Tai Man', orgZh: '香港電台', orgEn: 'Radio Television Hong Kong', title: '高級記者', categoryId: 'hkmt-media', region: 'hong_kong', registrations: ['main-forum', 'forum-1', 'forum-6'] }),
  committee: attendee({ id: '4C0MMTTEE0', nameZh: '吕洁', nameEn: null, orgZh: '中国记协新媒体专业委员会', orgEn: null, title: '委员', categoryId: 'committee', registrations: ['main-forum'] }),
  trainee: attendee({ id: '5TRANEE000', nameZh: '单雪', nameEn: null, orgZh: '湘西州融媒体中心', orgEn: null, title: null, categoryId: 'trainee', registrations: ['main-forum', 'forum-4'] }),
  rare: attendee({ id: '6RARE00000', nameZh: '𠮷田阳', nameEn: 'Yoshida Yo', categoryId: 'delegate' }),
} satisfies Record<string, AttendeeRecord>;
