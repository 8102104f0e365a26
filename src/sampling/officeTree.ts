import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { describeIssues, vietnameseIssues } from '../errors/zodVietnamese.js';

/** An office as the tree holds it: a province department or agency, a commune-level unit, a one-stop desk… */
export interface OfficeNode {
  code: string;
  name: string;
  /** One of the levels defined (the `offices.levels` setting); null while nobody has placed it. */
  level: string | null;
  /** The office it belongs to (a desk's commune, a branch's department); null at the top. */
  parent: string | null;
  /** First and last day it was active (ISO, inclusive); null: open. */
  activeFrom: string | null;
  activeTo: string | null;
}

/** Office codes as registers make them (officeCodeOf): lower-case letters, digits and hyphens. */
export const officeCodeSchema = z.string().regex(/^[a-z0-9-]{1,60}$/, 'mã cơ quan: chữ thường không dấu, số và dấu gạch ngang, tối đa 60 ký tự');

const day = z.iso.date('ngày dạng yyyy-mm-dd');

/** A change to one office, from the command line or the web: only what is given changes; null clears a field. */
export const officeChangeSchema = z.strictObject({
  name: z.string().trim().min(1, 'tên cơ quan không được để trống').max(200).optional(),
  level: z.string().trim().min(1).max(40).nullable().optional(),
  parent: officeCodeSchema.nullable().optional(),
  activeFrom: day.nullable().optional(),
  activeTo: day.nullable().optional(),
});
export type OfficeChange = z.infer<typeof officeChangeSchema>;

export function parseOfficeChange(value: unknown): OfficeChange {
  const parsed = officeChangeSchema.safeParse(value, { error: vietnameseIssues });
  if (!parsed.success) throw new PhieuError('invalidOfficeChange', { problems: describeIssues(parsed.error) });
  return parsed.data;
}

/**
 * The office after the change, checked against the tree: a new office needs a name; the level must be one defined;
 * the parent must be an office of the tree, and not the office itself or one below it (the tree would loop); the
 * active period must not end before it starts.
 */
export function applyOfficeChange(tree: readonly OfficeNode[], code: string, change: OfficeChange, levels: readonly string[]): OfficeNode {
  const parsedCode = officeCodeSchema.safeParse(code, { error: vietnameseIssues });
  if (!parsedCode.success) throw new PhieuError('invalidOfficeChange', { problems: describeIssues(parsedCode.error).map((p) => `${code}: ${p}`) });
  const byCode = new Map(tree.map((o) => [o.code, o]));
  const before = byCode.get(code);
  if (!before && change.name === undefined) throw new PhieuError('officeNeedsName', { office: code });
  const after: OfficeNode = {
    code,
    name: change.name ?? before!.name,
    level: change.level === undefined ? (before?.level ?? null) : change.level,
    parent: change.parent === undefined ? (before?.parent ?? null) : change.parent,
    activeFrom: change.activeFrom === undefined ? (before?.activeFrom ?? null) : change.activeFrom,
    activeTo: change.activeTo === undefined ? (before?.activeTo ?? null) : change.activeTo,
  };
  // A level the tree already carried (a former district's `huyện`) may stay; a new one must be defined.
  if (change.level !== undefined && after.level !== null && !levels.includes(after.level)) throw new PhieuError('unknownLevel', { level: after.level, known: [...levels] });
  if (after.parent !== null) {
    if (!byCode.has(after.parent) && after.parent !== code) throw new PhieuError('unknownParent', { office: code, parent: after.parent, known: [...byCode.keys()].sort() });
    const path = [code];
    for (let up: string | null = after.parent; up !== null; up = byCode.get(up)?.parent ?? null) {
      path.push(up);
      if (up === code) throw new PhieuError('officeCycle', { path });
      if (path.length > byCode.size + 1) break; // a loop the tree already had, above this office: not this change's
    }
  }
  if (after.activeFrom && after.activeTo && after.activeTo < after.activeFrom) throw new PhieuError('officePeriodReversed', { office: code, from: after.activeFrom, to: after.activeTo });
  return after;
}

/** Whether an office's active period ended before a day (ISO): a former district office, closed on 30 June 2025. */
export function endedBefore(office: Pick<OfficeNode, 'activeTo'>, day: string): boolean {
  return office.activeTo !== null && office.activeTo < day;
}

/**
 * Refuses new work (a draw, a kiosk, blank forms for its desk) for an office no longer active on `day`, naming it. Its past answers still count
 * in the reports of their period: only what is started from now on is refused.
 */
export function requireStillActive(office: Pick<OfficeNode, 'name' | 'activeTo'>, day: string, act: 'draw' | 'kiosk' | 'blankForms'): void {
  if (endedBefore(office, day)) throw new PhieuError('officeInactive', { office: office.name, until: shownDay(office.activeTo!), act });
}

/** An ISO day as people write it: 2025-06-30 → 30/06/2025. */
export const shownDay = (iso: string): string => iso.split('-').reverse().join('/');

/** Whether an office is active on a day (ISO). */
export function isActiveOn(office: Pick<OfficeNode, 'activeFrom' | 'activeTo'>, day: string): boolean {
  return (!office.activeFrom || office.activeFrom <= day) && (!office.activeTo || day <= office.activeTo);
}

/** The tree in reading order: each office followed by the ones under it (by name), with its depth. */
export function treeOrder(tree: readonly OfficeNode[]): { office: OfficeNode; depth: number }[] {
  const codes = new Set(tree.map((o) => o.code));
  const children = new Map<string | null, OfficeNode[]>();
  // An office whose parent is missing is shown at the top rather than lost.
  for (const o of tree) {
    const parent = o.parent !== null && codes.has(o.parent) ? o.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  const out: { office: OfficeNode; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const o of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code))) {
      if (seen.has(o.code)) continue;
      seen.add(o.code);
      out.push({ office: o, depth });
      visit(o.code, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
