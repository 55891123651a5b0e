import { toHalfWidth } from '../../../shared/identity';
import type { ImportField, ImportMapping } from '../../../shared/import';
import { simplified } from '../search/terms';

/**
 * Header words of real registration exports per field, in their normalised form's source: Chinese registration and
 * questionnaire tools (问卷星, 金数据, 麦客), pretix (check-in list, order data: "Attendee name: Given name", "Secret",
 * "Product"), Eventbrite's attendee report ("Barcode #", "Attendee #", "Ticket Type", "Cell Phone"), Hi.Events, Cvent,
 * and English forms. Traditional characters need no entries of their own: headers are compared in simplified form.
 */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  nameZh: ['姓名', '中文姓名', '中文名', '名字', '参会人', '参会人姓名', '参会者', '参会者姓名', '嘉宾姓名', '代表姓名', '真实姓名', 'name', 'fullname', 'chinesename', 'namezh', 'attendeename', 'attendeefullname', 'guestname', 'participantname', 'nameofattendee'],
  nameEn: ['英文名', '英文姓名', '拼音', '姓名拼音', '拼音姓名', 'englishname', 'nameen', 'pinyin', 'latinname', 'nameinenglish', 'nameenglish'],
  givenName: ['名', 'firstname', 'givenname', 'givennames', 'forename', 'attendeenamegivenname', 'attendeenamefirstname', 'attendeefirstname'],
  familyName: ['姓', '姓氏', 'lastname', 'surname', 'familyname', 'attendeenamefamilyname', 'attendeenamelastname', 'attendeelastname', 'attendeesurname'],
  orgZh: ['单位', '工作单位', '单位名称', '所在单位', '所在的单位', '机构', '机构名称', '所属机构', '服务机构', '媒体机构', '就职单位', '公司', '公司名称', '媒体', '媒体名称', '所属单位', '所属媒体', 'organisation', 'organization', 'organisationname', 'organizationname', 'company', 'companyname', 'org', 'affiliation', 'institution', 'employer', 'media', 'mediaoutlet', 'outlet', 'publication'],
  orgEn: ['单位英文', '单位英文名', '单位英文名称', '英文单位', '英文单位名称', '机构英文名称', 'organisationen', 'organizationen', 'orgen', 'organisationenglish', 'organizationenglish', 'companyenglish', 'organisationinenglish', 'organizationinenglish', 'englishorganisation', 'englishorganization'],
  title: ['职务', '职位', '职称', '职衔', '头衔', '职务职称', '岗位', 'title', 'position', 'jobtitle', 'role', 'designation'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', '电话号码', '移动电话', '手提电话', '手提', '流动电话', '联系方式', '联系手机', 'phone', 'mobile', 'mobilephone', 'mobilenumber', 'mobileno', 'tel', 'telephone', 'phonenumber', 'cellphone', 'cell', 'contactnumber', 'contactphone'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', '电子邮箱地址', '电邮', '电邮地址', 'email', 'e-mail', 'mail', 'emailaddress', 'e-mailaddress'],
  documentType: ['证件类型', '证件类别', '证件种类', '身份证件类型', 'idtype', 'documenttype', 'doctype', 'typeofid', 'iddocumenttype'],
  documentNumber: ['证件号码', '证件号', '身份证件号码', '身份证号', '身份证号码', '身份证', '护照号', '护照号码', '通行证号码', 'idnumber', 'idno', 'idcardnumber', 'passportno', 'passportnumber', 'documentnumber', 'docno', 'documentno'],
  category: ['参会类别', '类别', '身份', '参会身份', '人员类别', '人员类型', '参会人员类型', '类型', '票种', '门票类型', '票务类型', 'category', 'type', 'attendeetype', 'delegatetype', 'attendeecategory', 'participanttype', 'registrationtype', 'tickettype', 'ticketname', 'product'],
  activities: ['参加活动', '参加论坛', '报名活动', '报名论坛', '活动', '论坛', '参会活动', '拟参加的分论坛', '拟参加分论坛', '参加的分论坛', '参加分论坛', '分论坛', '拟参加的活动', '参加场次', 'activities', 'activity', 'forums', 'forum', 'sessions', 'session', 'sessionsattending', 'tracks', 'workshops'],
  region: ['地区', '所在地区', '区域', '来源地', 'region', 'area'],
  externalId: ['编号', '报名编号', '注册编号', '报名号', 'externalid', 'registrationid', 'registrationno', 'regid', 'id', 'attendee#', 'attendeeno', 'attendeeid', 'attendeenumber', 'positionid', 'ticketid'],
  ticketCodes: ['票号', '票码', '电子票', '电子票号', '电子票码', '门票编号', '签到码', '核销码', '二维码', 'ticketcode', 'ticket', 'ticketno', 'ticketnumber', 'ticketcodes', 'secret', 'barcode', 'barcode#', 'barcodes', 'ticketbarcode', 'qrcode'],
  attention: ['备注', '说明', '注意事项', '特别关注', '特殊需求', '特别注意', 'remarks', 'remark', 'notes', 'note', 'attention', 'comments', 'comment', 'specialattention', 'requiresspecialattention', 'specialrequirements'],
};

const NOTE = /\([^)]*\)|\[[^\]]*\]|【[^】]*】/g;
/** A questionnaire numbers its questions: "1、", "Q3.", "3.", "第4题". */
const NUMBERING = /^(?:第?\d+题?|q\d+)\s*[、.．:：)）-]?\s*/;
/** …and asks them politely: "1、您的姓名", "请填写您的手机号码". */
const PHRASING = /^(?:请(?:输入|填写|选择|问)?)?(?:您的|你的|您|你)?/;

/**
 * Header text reduced to what identifies it: simplified characters, half-width, lower case, no spaces, "*" or "/"
 * marks, no (…) notes, no question number or polite phrasing.
 */
export function normaliseHeader(header: string): string {
  return stripQuestion(folded(header).replace(NOTE, '')).replace(/[\s*:：_/、]/g, '');
}

/** The same with the note kept as words, so "Organization (English)" is told from "Organization". */
const withNote = (header: string): string => stripQuestion(folded(header)).replace(/[\s*:：_()[\]【】/、]/g, '');

const folded = (header: string): string => simplified(toHalfWidth(header).trim().toLowerCase());
const stripQuestion = (h: string): string => h.replace(NUMBERING, '').replace(PHRASING, '');

let lookup: Map<string, ImportField> | null = null;
/** The synonyms in their normalised form, folded at the first import rather than at every start of the command line. */
const synonymLookup = (): Map<string, ImportField> =>
  (lookup ??= new Map(
    (Object.entries(SYNONYMS) as Array<[ImportField, readonly string[]]>).flatMap(([field, words]) => words.map((w) => [normaliseHeader(w), field] as const)),
  ));

/** The field a header names by itself, or null. */
export const fieldOfHeader = (header: string): ImportField | null => synonymLookup().get(withNote(header)) ?? synonymLookup().get(normaliseHeader(header)) ?? null;

/** The mapping found from the headers alone; a field is given to its first matching column only. */
export function detectMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<ImportField>();
  for (const header of headers) {
    if (header in mapping) continue;
    const field = fieldOfHeader(header);
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

export const NAME_FIELDS: ReadonlySet<ImportField> = new Set(['nameZh', 'nameEn', 'givenName', 'familyName']);
