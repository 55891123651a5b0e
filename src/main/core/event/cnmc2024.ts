import { DEFAULT_KIOSK_RULES } from '../../../shared/kiosk';
import { DEFAULT_BADGE_LAYOUT } from '../../../shared/badge';
import type { AccessLevel, AccessPolicy, Activity, ActivityKind, Category, EventFile } from '../../../shared/event';
import { EVENT_FORMAT, EVENT_FORMAT_VERSION } from '../../../shared/event';
import type { Bilingual } from '../../../shared/text';

/**
 * The embedded default event: the 2024 China New Media Conference, from the seed text in shared/seeds.
 * Titles are the source's own words. Rooms, days, times and capacities are not in the source and stay
 * empty for the organiser to fill in.
 */

const forumPolicy: AccessPolicy = {
  reEntry: 'allow',
  exitScans: false,
  opensMinutesBefore: 30,
  capacityCounts: 'inside',
  deskArrivalRequired: false,
  admitNotYetReceived: false,
};

interface ActivitySeed {
  id: string;
  kind: ActivityKind;
  title: Bilingual;
  shortTitle: Bilingual;
}

const ACTIVITIES: ActivitySeed[] = [
  {
    id: 'main-forum',
    kind: 'main_forum',
    title: { zh: '开幕式暨主论坛', en: 'Opening Ceremony and Main Forum' },
    shortTitle: { zh: '主论坛', en: 'Main Forum' },
  },
  {
    id: 'forum-1',
    kind: 'parallel_forum',
    title: { zh: '“推动全媒体生产 促进全媒体传播”论坛', en: 'Promoting All-Media Production and All-Media Communication' },
    shortTitle: { zh: '平行论坛一', en: 'Parallel Forum 1' },
  },
  {
    id: 'forum-2',
    kind: 'parallel_forum',
    title: { zh: '“构建更有效力的国际传播体系”论坛', en: 'Building a More Effective International Communication System' },
    shortTitle: { zh: '平行论坛二', en: 'Parallel Forum 2' },
  },
  {
    id: 'forum-3',
    kind: 'parallel_forum',
    title: { zh: '“共筑数字时代的新媒体责任”论坛', en: 'Building New Media Responsibility in the Digital Era' },
    shortTitle: { zh: '平行论坛三', en: 'Parallel Forum 3' },
  },
  {
    id: 'forum-4',
    kind: 'parallel_forum',
    title: { zh: '“融合创新 智慧传播”论坛', en: 'Integration and Innovation, Intelligent Communication' },
    shortTitle: { zh: '平行论坛四', en: 'Parallel Forum 4' },
  },
  {
    id: 'forum-5',
    kind: 'parallel_forum',
    title: { zh: '“媒体融合赋能社会治理”论坛', en: 'Media Integration Empowers Social Governance' },
    shortTitle: { zh: '平行论坛五', en: 'Parallel Forum 5' },
  },
  {
    id: 'forum-6',
    kind: 'parallel_forum',
    title: { zh: '“文博新生态 数智新表达”论坛', en: 'New Ecology of Cultural Heritage and New Expression of Smart Digital' },
    shortTitle: { zh: '平行论坛六', en: 'Parallel Forum 6' },
  },
  {
    id: 'malanshan',
    kind: 'thematic_activity',
    title: {
      zh: '“文化和科技融合 催生文化新业态”马栏山时间文创活动',
      en: '"Culture and Sci-Tech Integration to Boost New Cultural Industries" — Malanshan Time Cultural and Creative Event',
    },
    shortTitle: { zh: '马栏山时间', en: 'Malanshan Time' },
  },
  {
    id: 'tech-expo',
    kind: 'thematic_activity',
    title: { zh: '2024中国新媒体技术展', en: '2024 China New Media Technology Exhibition' },
    shortTitle: { zh: '技术展', en: 'Tech Exhibition' },
  },
  {
    id: 'committee-meeting',
    kind: 'thematic_activity',
    title: {
      zh: '中国记协新媒体专业委员会第二届委员会年度工作会',
      en: 'Second Annual Working Meeting of the New Media Professional Committee of the All-China Journalists Association',
    },
    shortTitle: { zh: '委员会年度工作会', en: 'Committee Meeting' },
  },
  {
    id: 'training',
    kind: 'thematic_activity',
    title: {
      zh: '“强‘四力’ 促深融”专题培训班',
      en: 'Specialized Training Course on "Strengthening the Four Forces to Promote Deeper Integration"',
    },
    shortTitle: { zh: '专题培训班', en: 'Training Course' },
  },
];

interface CategorySeed {
  id: string;
  name: Bilingual;
  colour: string;
}

const CATEGORIES: CategorySeed[] = [
  { id: 'guest', name: { zh: '嘉宾', en: 'Guest' }, colour: '#C8102E' },
  { id: 'delegate', name: { zh: '代表', en: 'Delegate' }, colour: '#1F4E9E' },
  { id: 'speaker', name: { zh: '演讲嘉宾', en: 'Speaker' }, colour: '#7B2D8E' },
  { id: 'media', name: { zh: '媒体', en: 'Media' }, colour: '#E07B00' },
  { id: 'hkmt-media', name: { zh: '港澳台媒体', en: 'Hong Kong, Macao and Taiwan Media' }, colour: '#B8860B' },
  { id: 'exhibitor', name: { zh: '展商', en: 'Exhibitor' }, colour: '#2E8B57' },
  { id: 'committee', name: { zh: '委员', en: 'Committee Member' }, colour: '#0E7C86' },
  { id: 'trainee', name: { zh: '培训学员', en: 'Trainee' }, colour: '#6B8E23' },
  { id: 'staff', name: { zh: '工作人员', en: 'Staff' }, colour: '#333333' },
  { id: 'volunteer', name: { zh: '志愿者', en: 'Volunteer' }, colour: '#0090C8' },
];

/** Default access, as the brief gives it: forums for registered attendees, the exhibition and Malanshan for every badge, the members-only meetings for their members and staff. */
function defaultAccess(category: string, activity: string): AccessLevel {
  if (category === 'staff') return 'allowed';
  switch (activity) {
    case 'malanshan':
    case 'tech-expo':
      return 'allowed';
    case 'committee-meeting':
      return category === 'committee' ? 'allowed' : 'denied';
    case 'training':
      return category === 'trainee' ? 'allowed' : 'denied';
    default:
      return 'registered';
  }
}

export function cnmc2024(): EventFile {
  const activities: Activity[] = ACTIVITIES.map((a) => ({
    ...a,
    room: null,
    day: null,
    startTime: null,
    endTime: null,
    capacity: null,
    policy: { ...forumPolicy },
  }));
  const categories: Category[] = CATEGORIES.map((c) => ({
    ...c,
    access: Object.fromEntries(ACTIVITIES.map((a) => [a.id, defaultAccess(c.id, a.id)])),
  }));
  return {
    format: EVENT_FORMAT,
    version: EVENT_FORMAT_VERSION,
    event: {
      id: 'cnmc-2024',
      name: { zh: '2024中国新媒体大会', en: '2024 China New Media Conference' },
      shortName: 'CNMC 2024',
      city: { zh: '长沙', en: 'Changsha' },
      startDate: '2024-10-15',
      endDate: '2024-10-16',
      timezone: 'Asia/Shanghai',
      theme: { zh: '新使命 新机制 新变革', en: 'New Missions, New Mechanisms, New Changes' },
    },
    activities,
    categories,
    badgeLayouts: [{ ...DEFAULT_BADGE_LAYOUT }],
    // Where the desk is is the venue's to say; guests (嘉宾) are met by staff, not sent to a machine.
    kiosk: { deskWhere: { ...DEFAULT_KIOSK_RULES.deskWhere }, deskCategories: ['guest'] },
  };
}
