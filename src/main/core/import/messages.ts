import type { ImportIssueCode } from '../../../shared/import';
import type { Bilingual } from '../../../shared/text';

/** One bilingual sentence per issue code; what was done with the value is part of the message. */
export const ISSUE_MESSAGES: Record<ImportIssueCode, Bilingual> = {
  file_mojibake: {
    zh: '文件内容是乱码（编码被错误转换过一次），请从报名系统重新导出后再导入',
    en: 'The text is garbled (it was converted with the wrong encoding once); export the file again from the registration system',
  },
  encoding_uncertain: {
    zh: '无法确定文件编码（如简体 GB18030 与繁体 Big5），请对照表头选择正确的编码',
    en: 'The encoding is not certain (for example GB18030 or Big5); compare the header in each and choose the right one',
  },
  no_name_column: {
    zh: '没有找到姓名列，未导入任何一行；请在列对应中指定姓名列（最可能的列已列出）',
    en: 'No name column was found and no row can be imported; map a column to the name (the likeliest columns are listed)',
  },
  title_row_skipped: { zh: '表头前的标题行，未作为数据导入', en: 'A title line above the header; not imported as data' },
  column_ignored: { zh: '此列未对应任何字段，导入时忽略', en: 'This column maps to no field and is ignored' },
  name_missing: { zh: '没有姓名，此行未导入', en: 'No name; the row was not imported' },
  category_missing: { zh: '没有参会类别，新建人员使用默认类别', en: 'No category; a new attendee gets the default category' },
  category_unknown: { zh: '参会类别不存在，此行未导入', en: 'Unknown category; the row was not imported' },
  activity_unknown: { zh: '活动不存在，此行未导入', en: 'Unknown activity; the row was not imported' },
  region_unknown: { zh: '地区无法识别，已按证件或手机推断', en: 'Unknown region; it was inferred from the document or phone' },
  document_type_unknown: { zh: '证件类型无法识别，记为“其他”', en: 'Unknown document type; recorded as "other"' },
  document_without_type: { zh: '证件号码格式无法识别，证件类型记为“其他”', en: 'The document number has no recognisable format; the type is recorded as "other"' },
  id_scientific_notation: {
    zh: '身份证号被 Excel 显示为科学计数法，后几位已丢失，号码未保存',
    en: 'Excel turned the ID number into scientific notation and lost its last digits; the number was not stored',
  },
  id_excel_truncated: {
    zh: '身份证号末几位被 Excel 改成了 0，号码未保存',
    en: 'Excel replaced the last digits of the ID number with 0; the number was not stored',
  },
  id_bad_length: { zh: '身份证号位数不对，号码未保存', en: 'The ID number has the wrong length; the number was not stored' },
  id_bad_date: { zh: '身份证号中的出生日期不存在，号码未保存', en: 'The birth date inside the ID number does not exist; the number was not stored' },
  id_bad_check_digit: { zh: '身份证号校验位不对，号码未保存', en: 'The check digit of the ID number is wrong; the number was not stored' },
  id_legacy_15: { zh: '15 位旧身份证号，已保存', en: 'A legacy 15-digit ID number; it was stored' },
  permit_bad_format: { zh: '通行证号码格式不对，号码未保存', en: 'The permit number has the wrong format; the number was not stored' },
  passport_bad_format: { zh: '护照号码格式不对，号码未保存', en: 'The passport number has the wrong format; the number was not stored' },
  phone_invalid: { zh: '手机号码不像有效号码，已按原样保存', en: 'The phone number does not look valid; it was stored as given' },
  email_invalid: { zh: '邮箱格式不对，已按原样保存', en: 'The email address does not look valid; it was stored as given' },
  text_replacement_chars: {
    zh: '内容含有无法识别的字符（�或“锟斤拷”），此行未导入',
    en: 'The text holds unreadable characters (� or "锟斤拷"); the row was not imported',
  },
  duplicate_in_file: { zh: '与文件中前面的一行重复，此行未导入', en: 'Repeats an earlier row of the file; the row was not imported' },
  code_excel_damaged: {
    zh: '编号被 Excel 转成了数字，末几位已丢失，未保存；请将该列设为文本后重新导出',
    en: 'Excel turned this code into a number and lost its last digits; it was not stored (export the column as text)',
  },
  ticket_code_taken: { zh: '票号已属于另一位参会人，此行未导入', en: 'The ticket code belongs to another attendee; the row was not imported' },
  match_conflict: {
    zh: '证件号码或姓名手机对应的参会人有不同的报名编号，此行未导入',
    en: 'The attendee matched by document or name and phone has a different registration id; the row was not imported',
  },
};
