import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { checkDefinition } from '../errors/zodVietnamese.js';
import { officeCodeOf } from '../sampling/offices.js';
import { foldHeader, type Cell } from '../sampling/registerRow.js';
import type { ExportRecord, RowIssue } from './mapRecord.js';
import { parseSubmissionTime } from './time.js';

/** The three levels of the one-stop portal's rating (Circular 01/2018/TT-VPCP); Decision 766 counts the first two as satisfied. */
export const PORTAL_LEVELS = ['very-satisfied', 'satisfied', 'dissatisfied'] as const;
export type PortalLevel = (typeof PORTAL_LEVELS)[number];
export const PORTAL_LEVEL_NAMES: Record<PortalLevel, string> = { 'very-satisfied': 'Rất hài lòng', satisfied: 'Hài lòng', dissatisfied: 'Không hài lòng' };

const column = z.string().trim().min(1, 'cần tên một cột');
const headers = z.union([column, z.array(column).min(1, 'cần tên ít nhất một cột')]);

/** Which column of a portal export holds what, and what its rating values mean. */
export const portalMappingSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'chỉ gồm chữ thường không dấu, chữ số hoặc "-", bắt đầu bằng một chữ'),
  name: z.string().trim().min(1),
  /** Each a header, or a list of headers of which the file has one (`["Cơ quan", "Đơn vị"]`). */
  fields: z.strictObject({ caseCode: headers, office: headers, ratedAt: headers, rating: headers }),
  /** The office column's values that are not an office's name or code (compared without case or accents). */
  officeValues: z.record(z.string(), z.string()).default({}),
  /** Every rating value the export writes → its level (compared without case or accents). */
  ratings: z.record(z.string(), z.enum(PORTAL_LEVELS)),
});
export type PortalMapping = z.infer<typeof portalMappingSchema>;

export function parsePortalMapping(text: string, source: string): PortalMapping {
  const checked = checkDefinition(text, portalMappingSchema);
  if (!checked.ok) throw new PhieuError('mappingDefinition', { source, problems: checked.problems });
  return checked.value;
}

export interface PortalRating {
  caseCode: string;
  officeCode: string;
  /** The office as the export names it, to name an office phieu does not have. */
  officeName: string;
  /** Vietnam local time `YYYY-MM-DDTHH:MM:SS`. */
  ratedAt: string;
  level: PortalLevel;
}

const text = (cell: Cell): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell)).trim();

/**
 * Prepares a mapping once, returning the function that reads one row as a rating. The office cell becomes a code: an
 * office's own code (`knownCode`) is taken as it is, a name becomes the code the register gave it.
 */
export function portalRatingReader(mapping: PortalMapping, knownCode: (code: string) => boolean): (record: ExportRecord) => { rating?: PortalRating; issues: RowIssue[] } {
  const levels = new Map(Object.entries(mapping.ratings).map(([from, to]) => [foldHeader(from), to]));
  const officeValues = new Map(Object.entries(mapping.officeValues).map(([from, to]) => [foldHeader(from), to]));
  // Any of a field's headers reads it (the table reader knows them all); an issue names them all.
  const fields = Object.fromEntries(Object.entries(mapping.fields).map(([k, v]) => [k, [v].flat().join('/')])) as Record<keyof PortalMapping['fields'], string>;
  const firstOf = Object.fromEntries(Object.entries(mapping.fields).map(([k, v]) => [k, [v].flat()[0]])) as Record<keyof PortalMapping['fields'], string>;
  return (record) => {
    const issues: RowIssue[] = [];
    const issue = (column: string, reason: string) => issues.push({ row: record.row, column, reason, severity: 'error' });
    const caseCode = text(record.get(firstOf.caseCode));
    if (!caseCode) issue(fields.caseCode, 'thiếu mã hồ sơ');
    const officeName = text(record.get(firstOf.office));
    if (!officeName) issue(fields.office, 'thiếu cơ quan');
    const rawTime = text(record.get(firstOf.ratedAt));
    const ratedAt = parseSubmissionTime(record.get(firstOf.ratedAt));
    if (!ratedAt) issue(fields.ratedAt, rawTime ? `ngày đánh giá không đọc được: "${rawTime}" (dùng dd/mm/yyyy hoặc yyyy-mm-dd)` : 'thiếu ngày đánh giá');
    const rawLevel = text(record.get(firstOf.rating));
    const level = levels.get(foldHeader(rawLevel));
    if (!level) {
      const allowed = Object.keys(mapping.ratings).map((v) => `"${v}"`).join(', ');
      issue(fields.rating, rawLevel ? `mức độ hài lòng "${rawLevel}" không hợp lệ (cần một trong ${allowed})` : 'thiếu mức độ hài lòng');
    }
    if (issues.length) return { issues };
    const officeCode = officeValues.get(foldHeader(officeName)) ?? (knownCode(officeName) ? officeName : officeCodeOf(officeName));
    return { issues, rating: { caseCode, officeCode, officeName, ratedAt: ratedAt!, level: level! } };
  };
}
