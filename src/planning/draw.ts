import { PhieuError } from '../errors/errorTable.js';
import { drawSamples, type DrawParameters, type OfficeDraw, type SamplingCase } from '../sampling/drawSample.js';
import type { SampleTiers } from '../sampling/tiers.js';
import { audit, type Db } from '../store/db.js';
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
}

/**
 * Draws the lists of the offices that have none for this period, and stores them with the seed and parameters, in
 * one transaction. Lists already drawn are kept whatever happened to them since: they may have been printed,
 * exported or handed out, and a second press of "Chọn mẫu" must not change who the enumerators visit. Re-drawing
 * one office is `redrawOffice`, asked for by name.
 */
export function drawAndStore(db: Db, request: DrawRequest): DrawOutcome {
  const period = { from: request.periodFrom ?? null, to: request.periodTo ?? null };
  return db.transaction((): DrawOutcome => {
    const cases = casesOfPeriod(db, period, null);
    if (!cases.length) throw new PhieuError('registerEmpty', {});
    const kept = officesDrawnIn(db, period);
    const keptSet = new Set(kept);
    const toDraw = cases.filter((c) => !keptSet.has(c.officeCode));
    if (!toDraw.length) return { drawId: null, offices: [], kept };
    const { drawId, offices } = drawAndStoreCases(db, request, toDraw);
    audit(db, request.actor, 'sample.draw', { drawId, seed: request.seed, offices: offices.length, kept: kept.length, short: offices.filter((o) => o.short).map((o) => o.officeCode) });
    return { drawId, offices, kept };
  }).immediate();
}

/**
 * Draws one office's lists again, in the period of the list it replaces, which stays stored but is no longer used.
 * Refused once any form of that list was printed (or handed out, returned…), naming the forms: people may already
 * hold them.
 */
export function redrawOffice(db: Db, request: Omit<DrawRequest, 'periodFrom' | 'periodTo'> & { officeCode: string }): DrawOutcome {
  return db.transaction((): DrawOutcome => {
    const replaced = currentDrawOf(db, request.officeCode);
    const { name, periodFrom, periodTo } = drawnOfficeOf(db, replaced, request.officeCode);
    const serials = serialsPrintedFrom(db, replaced, request.officeCode);
    if (serials.length) throw new PhieuError('redrawAfterPrinting', { office: name, serials });
    const cases = casesOfPeriod(db, { from: periodFrom, to: periodTo }, request.officeCode);
    const { drawId, offices } = drawAndStoreCases(db, { ...request, periodFrom: periodFrom ?? undefined, periodTo: periodTo ?? undefined }, cases);
    audit(db, request.actor, 'sample.redraw', { drawId, seed: request.seed, office: request.officeCode, replacedDraw: replaced });
    return { drawId, offices, kept: officesDrawnExcept(db, request.officeCode) };
  }).immediate();
}

/** Draws the offices of these cases and stores their lists as one draw; inside the caller's transaction. */
function drawAndStoreCases(db: Db, request: DrawRequest, cases: readonly SamplingCase[]): { drawId: number; offices: OfficeDraw[] } {
  const params: DrawParameters = { seed: request.seed, reserveShare: request.reserveShare, tiers: request.tiers ?? loadSampleTiers(db) };
  const offices = drawSamples(cases, params);
  const drawId = storeDraw(db, { params, periodFrom: request.periodFrom ?? null, periodTo: request.periodTo ?? null, actor: request.actor }, offices);
  return { drawId, offices };
}
