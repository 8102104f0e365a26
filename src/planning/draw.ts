import { vietnamTime } from '../electronic/time.js';
import { PhieuError } from '../errors/errorTable.js';
import { endedBefore, requireStillActive, shownDay } from '../sampling/officeTree.js';
import { drawSamples, type DrawParameters, type OfficeDraw, type SamplingCase } from '../sampling/drawSample.js';
import type { SampleTiers } from '../sampling/tiers.js';
import { audit, type Db } from '../store/db.js';
import { officeNode, officeTree } from '../store/offices.js';
import { casesOfPeriod, currentDrawOf, drawnOfficeOf, officesDrawnExcept, officesDrawnIn, serialsPrintedFrom, storeDraw } from '../store/sampling.js';
import { loadSampleTiers } from './tiers.js';

export interface DrawRequest extends Omit<DrawParameters, 'tiers'> {
  /** The tiers setting when omitted. */
  tiers?: SampleTiers;
  actor: string;
  /** Cases whose result was returned in this period (ISO dates, inclusive); all cases when omitted. */
  periodFrom?: string;
  periodTo?: string;
}

export interface DrawOutcome {
  /** Null when nothing was drawn: every office already had its list. */
  drawId: number | null;
  /** The offices drawn now. */
  offices: OfficeDraw[];
  /** Offices whose list stays as it was, by code. */
  kept: string[];
  /** Offices with cases in the period that are no longer active: not drawn (a list for an office that is gone). */
  skipped: { code: string; name: string; activeTo: string }[];
}

/** What a draw says of the offices it skipped, naming them (the CLI prints it, the web shows it). */
/** What a draw says when no office is left to draw: every one has stopped. */
export const NO_ACTIVE_OFFICE = 'Không còn cơ quan nào đang hoạt động để chọn mẫu.';

export function skippedSentence(skipped: DrawOutcome['skipped']): string | null {
  if (!skipped.length) return null;
  const named = skipped.map((o) => `${o.name} (đến ${shownDay(o.activeTo)})`).join('; ');
  return `Không chọn mẫu ${skipped.length} cơ quan đã ngừng hoạt động: ${named}. Hồ sơ và phiếu cũ của các cơ quan này vẫn được giữ và tính trong báo cáo kỳ trước.`;
}

/** Today in Vietnam (ISO): offices whose active period ended before it are not drawn. */
const today = () => vietnamTime(new Date()).slice(0, 10);

/**
 * Draws the lists of the offices that have none for this period, and stores them with the seed and parameters, in
 * one transaction. Lists already drawn are kept whatever happened to them since: they may have been printed,
 * exported or handed out, and a second press of "Chọn mẫu" must not change who the enumerators visit. Re-drawing
 * one office is `redrawOffice`, asked for by name. Offices no longer active (active to before today) are skipped and
 * named in the outcome: their cases stay in the register and their past answers in the reports of their period.
 */
export function drawAndStore(db: Db, request: DrawRequest): DrawOutcome {
  const period = { from: request.periodFrom ?? null, to: request.periodTo ?? null };
  return db.transaction((): DrawOutcome => {
    const cases = casesOfPeriod(db, period, null);
    if (!cases.length) throw new PhieuError('registerEmpty', {});
    const kept = officesDrawnIn(db, period);
    const keptSet = new Set(kept);
    const day = today();
    const ended = new Map(officeTree(db).filter((o) => endedBefore(o, day)).map((o) => [o.code, o]));
    const skippedCodes = new Set(cases.map((c) => c.officeCode).filter((code) => ended.has(code) && !keptSet.has(code)));
    const skipped = [...skippedCodes].sort().map((code) => ({ code, name: ended.get(code)!.name, activeTo: ended.get(code)!.activeTo! }));
    const toDraw = cases.filter((c) => !keptSet.has(c.officeCode) && !skippedCodes.has(c.officeCode));
    if (!toDraw.length) return { drawId: null, offices: [], kept, skipped };
    const { drawId, offices } = drawAndStoreCases(db, request, toDraw);
    audit(db, request.actor, 'sample.draw', { drawId, seed: request.seed, offices: offices.length, kept: kept.length, short: offices.filter((o) => o.short).map((o) => o.officeCode), skipped: skipped.map((o) => o.code) });
    return { drawId, offices, kept, skipped };
  }).immediate();
}

/**
 * Draws one office's lists again, in the period of the list it replaces, which stays stored but is no longer used.
 * Refused once any form of that list was printed (or handed out, returned…), naming the forms: people may already
 * hold them. An office no longer active is refused by name.
 */
export function redrawOffice(db: Db, request: Omit<DrawRequest, 'periodFrom' | 'periodTo'> & { officeCode: string }): DrawOutcome {
  return db.transaction((): DrawOutcome => {
    const office = officeNode(db, request.officeCode);
    if (office) requireStillActive(office, today(), 'draw');
    const replaced = currentDrawOf(db, request.officeCode);
    const { name, periodFrom, periodTo } = drawnOfficeOf(db, replaced, request.officeCode);
    const serials = serialsPrintedFrom(db, replaced, request.officeCode);
    if (serials.length) throw new PhieuError('redrawAfterPrinting', { office: name, serials });
    const cases = casesOfPeriod(db, { from: periodFrom, to: periodTo }, request.officeCode);
    const { drawId, offices } = drawAndStoreCases(db, { ...request, periodFrom: periodFrom ?? undefined, periodTo: periodTo ?? undefined }, cases);
    audit(db, request.actor, 'sample.redraw', { drawId, seed: request.seed, office: request.officeCode, replacedDraw: replaced });
    return { drawId, offices, kept: officesDrawnExcept(db, request.officeCode), skipped: [] };
  }).immediate();
}

/** Draws the offices of these cases and stores their lists as one draw; inside the caller's transaction. */
function drawAndStoreCases(db: Db, request: DrawRequest, cases: readonly SamplingCase[]): { drawId: number; offices: OfficeDraw[] } {
  const params: DrawParameters = { seed: request.seed, reserveShare: request.reserveShare, tiers: request.tiers ?? loadSampleTiers(db) };
  const offices = drawSamples(cases, params);
  const drawId = storeDraw(db, { params, periodFrom: request.periodFrom ?? null, periodTo: request.periodTo ?? null, actor: request.actor }, offices);
  return { drawId, offices };
}
