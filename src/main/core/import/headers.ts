import { toHalfWidth } from '../../../shared/identity';
import type { ImportField, ImportMapping } from '../../../shared/import';

/** Header words of real registration exports (Chinese registration systems and English forms) per field. */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  nameZh: ['姓名', '中文姓名', '中文名', '名字', '参会人', '参会人姓名', '参会者', 'name', 'fullname', 'chinesename', 'namezh'],
  nameEn: ['英文名', '英文姓名', '拼音', '姓名拼音', '拼音姓名', 'englishname', 'nameen', 'pinyin', 'latinname', 'nameinenglish'],
  orgZh: ['单位', '工作单位', '单位名称', '所在单位', '机构', '媒体', '媒体名称', '所属单位', 'organisation', 'organization', 'company', 'org', 'affiliation', 'institution', 'media'],
  orgEn: ['单位英文', '单位英文名', '单位英文名称', '英文单位', '英文单位名称', 'organisationen', 'organizationen', 'orgen', 'organisationenglish', 'organizationenglish', 'companyenglish', 'organisationinenglish', 'organizationinenglish', 'englishorganisation', 'englishorganization'],
  title: ['职务', '职位', '职称', '头衔', 'title', 'position', 'jobtitle', 'role'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', '电话号码', '移动电话', 'phone', 'mobile', 'mobilephone', 'tel', 'telephone', 'phonenumber', 'cellphone'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'mail', 'emailaddress'],
  documentType: ['证件类型', '证件类别', 'idtype', 'documenttype', 'doctype'],
  documentNumber: ['证件号码', '证件号', '身份证号', '身份证号码', '身份证', '护照号', '护照号码', '通行证号码', 'idnumber', 'idno', 'passportno', 'passportnumber', 'documentnumber', 'docno'],
  category: ['参会类别', '类别', '身份', '参会身份', '人员类别', '类型', 'category', 'type', 'attendeetype', 'delegatetype'],
  activities: ['参加活动', '参加论坛', '报名活动', '报名论坛', '活动', '论坛', '参会活动', 'activities', 'activity', 'forums', 'forum', 'sessions'],
  region: ['地区', '所在地区', '区域', '来源地', 'region', 'area'],
  externalId: ['编号', '报名编号', '序号编号', '注册编号', '报名号', 'externalid', 'registrationid', 'registrationno', 'regid', 'id'],
  ticketCodes: ['票号', '票码', '电子票', '电子票号', '门票编号', 'ticketcode', 'ticket', 'ticketno', 'ticketnumber', 'ticketcodes'],
  attention: ['备注', '说明', '注意事项', '特别关注', 'remarks', 'remark', 'notes', 'note', 'attention', 'comments'],
};

const NOTE = /\([^)]*\)|\[[^\]]*\]|【[^】]*】/g;

/** Header text reduced to what identifies it: half-width, lower case, no spaces, no "*" marks, no (…) notes. */
export function normaliseHeader(header: string): string {
  return toHalfWidth(header).toLowerCase().replace(NOTE, '').replace(/[\s*:：_]/g, '');
}

/** The same with the note kept as words, so "Organization (English)" is told from "Organization". */
const withNote = (header: string): string => toHalfWidth(header).toLowerCase().replace(/[\s*:：_()[\]【】]/g, '');

const LOOKUP = new Map<string, ImportField>(
  (Object.entries(SYNONYMS) as Array<[ImportField, readonly string[]]>).flatMap(([field, words]) => words.map((w) => [normaliseHeader(w), field] as const)),
);

/** The mapping found from the headers alone; a field is given to its first matching column only. */
export function detectMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<ImportField>();
  for (const header of headers) {
    if (header in mapping) continue;
    const field = LOOKUP.get(withNote(header)) ?? LOOKUP.get(normaliseHeader(header)) ?? null;
    const free = field !== null && !taken.has(field);
    mapping[header] = free ? field : null;
    if (free) taken.add(field);
  }
  return mapping;
}

/** A caller's mapping applied over the detected one: headers it names win, the rest keep what was detected. */
export function mergeMapping(detected: ImportMapping, given: ImportMapping | undefined): ImportMapping {
  if (!given) return detected;
  const out: ImportMapping = { ...detected };
  for (const header of Object.keys(detected)) {
    if (header in given) out[header] = given[header] ?? null;
  }
  return out;
}
