import { z } from 'zod';
import type { Db } from './db.js';
import { readSetting, schemaSetting, writeSetting } from './settings.js';

const line = (max = 200) => z.string().trim().max(max);

/**
 * What the printed report says about who issues it, as an administrative document (Decree 30/2020/NĐ-CP, appendix
 * I): the issuing agency under its governing body, the number and symbol, the place, the kind and summary, the
 * recipients and who signs. Each office edits its own; a field never set keeps its default.
 */
export const reportTemplateSchema = z.strictObject({
  /** The governing body (cơ quan chủ quản), above the agency; empty when the agency has none. */
  parentAgency: line().default('UBND THÀNH PHỐ HUẾ'),
  agency: line().min(1).default('SỞ NỘI VỤ'),
  /** Given by the records desk when the document is registered: left blank, it is written in by hand. */
  number: line(20).default(''),
  symbol: line(40).min(1).default('BC-SNV'),
  place: line(60).min(1).default('Huế'),
  title: line(60).min(1).default('BÁO CÁO'),
  summary: line(300).min(1).default('Kết quả khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước'),
  recipients: z.array(line().min(1)).max(20).default(['Bộ Nội vụ (để báo cáo)', 'UBND thành phố (để báo cáo)', 'Các cơ quan, đơn vị được khảo sát', 'Lưu: VT, CCHC']),
  signer: z
    .strictObject({
      /** KT. (ký thay), TL., TM. … with the head's title, when someone signs for the head; else empty. */
      authority: line().default('KT. GIÁM ĐỐC'),
      position: line().min(1).default('PHÓ GIÁM ĐỐC'),
      name: line().default(''),
    })
    .default({ authority: 'KT. GIÁM ĐỐC', position: 'PHÓ GIÁM ĐỐC', name: '' }),
});

export type ReportTemplate = z.infer<typeof reportTemplateSchema>;

const REPORT_TEMPLATE = schemaSetting('report.template', 'invalidReportTemplate', reportTemplateSchema);

export function reportTemplate(db: Db): ReportTemplate {
  return readSetting(db, REPORT_TEMPLATE);
}

export function saveReportTemplate(db: Db, value: unknown, actor: string): ReportTemplate {
  return writeSetting(db, REPORT_TEMPLATE, value, actor);
}
