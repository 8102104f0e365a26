import { PhieuError } from '../errors/errorTable.js';
import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';
import { identityText, nameAddressKey } from '../sampling/personIdentity.js';
import { audit, type Db } from '../store/db.js';
import { personalQuestionsBySurvey } from '../store/personalData.js';
import {
  appendPersonalCorrection,
  casesWithPhones,
  correctRegisterCase,
  electronicPeople,
  formPersonalAnswers,
  formsOfCases,
  formsRecheckedAt,
  personRecords,
  registerPeople,
  responsesOf,
  type PersonRecords,
  type PersonScope,
} from '../store/personalRecords.js';
import { erasePerson, type ErasedCounts } from '../store/purge.js';
import type { SurveyDefinition } from '../survey/schema.js';

/**
 * Who a data-subject request is about. A phone number or a case code finds a person; a name alone is shared by many,
 * so it needs the address (compared as one identity, like the counting rules do) or the case code beside it.
 */
export interface PersonQuery {
  phone?: string;
  name?: string;
  address?: string;
  caseCode?: string;
}

const phoneOf = (raw: string): string | null => {
  const check = checkVietnamesePhone(raw);
  return check.ok ? check.phone : null;
};
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The cases, forms and responses of the person: what matches the query, then everything sharing their phones or cases. */
export function findPerson(db: Db, query: PersonQuery, surveys: Iterable<SurveyDefinition> = []): PersonScope {
  const personal = personalQuestionsBySurvey(db, surveys);
  const name = query.name?.trim() ? query.name : undefined;
  const caseCode = query.caseCode?.trim() || undefined;
  if (!query.phone?.trim() && !caseCode && !(name && query.address?.trim())) throw new PhieuError('personQueryNeeded', {});
  const phones = new Set<string>();
  if (query.phone?.trim()) {
    const check = checkVietnamesePhone(query.phone);
    if (!check.ok) throw new PhieuError('personPhoneInvalid', { reason: check.reason });
    phones.add(check.phone);
  }
  const cases = new Set<string>();
  const serials = new Set<number>();
  const responses = new Set<number>();
  const register = registerPeople(db);
  const formAnswers = formPersonalAnswers(db, personal);
  const electronic = electronicPeople(db, personal);

  if (caseCode) {
    const row = register.find((r) => r.caseCode === caseCode);
    // With a name, the case is the person's only if the register names them.
    if (!name || (row?.name && identityText(row.name) === identityText(name))) cases.add(caseCode);
  } else if (name) {
    const key = nameAddressKey(name, query.address);
    for (const r of register) if (nameAddressKey(r.name, r.address) === key) cases.add(r.caseCode);
    const byForm = new Map<number, { name?: string | null; address?: string | null }>();
    for (const a of formAnswers) if (a.kind !== 'phone') byForm.set(a.serial, { ...byForm.get(a.serial), [a.kind]: text(a.value) });
    for (const [serial, who] of byForm) if (nameAddressKey(who.name, who.address) === key) serials.add(serial);
    for (const r of electronic) {
      const kinds = personal.get(r.surveyId);
      const who = Object.fromEntries(Object.entries(r.personalAnswers).map(([q, v]) => [kinds?.get(q), text(v)]));
      if (nameAddressKey(who.name, who.address) === key) responses.add(r.id);
    }
  }

  // Whatever shares a phone number or a case with what was found is the same person's: follow until nothing is added.
  for (let size = -1; size !== phones.size + cases.size + serials.size + responses.size; ) {
    size = phones.size + cases.size + serials.size + responses.size;
    for (const r of register) if (cases.has(r.caseCode) && r.phone) phones.add(r.phone);
    for (const a of formAnswers) {
      const phone = a.kind === 'phone' && text(a.value) ? phoneOf(text(a.value)!) : null;
      if (phone && phones.has(phone)) serials.add(a.serial);
      if (serials.has(a.serial) && a.caseCode) cases.add(a.caseCode);
      if (serials.has(a.serial) && phone) phones.add(phone);
    }
    for (const r of electronic) if (responses.has(r.id) && r.phone) phones.add(r.phone);
    for (const c of casesWithPhones(db, [...phones])) cases.add(c);
    for (const s of [...formsOfCases(db, [...cases]), ...formsRecheckedAt(db, [...phones])]) serials.add(s);
    for (const id of responsesOf(db, { caseCodes: [...cases], phones: [...phones] })) responses.add(id);
  }
  const scope = { caseCodes: [...cases].sort(), serials: [...serials].sort((a, b) => a - b), responseIds: [...responses].sort((a, b) => a - b) };
  if (!scope.caseCodes.length && !scope.serials.length && !scope.responseIds.length) throw new PhieuError('personNotFound', {});
  return scope;
}

/** Everything held of the person, each showing audited like any view of a personal value. */
export function showPerson(db: Db, query: PersonQuery, actor: string, surveys: Iterable<SurveyDefinition> = []): { scope: PersonScope; records: PersonRecords } {
  const scope = findPerson(db, query, surveys);
  const records = personRecords(db, scope, personalQuestionsBySurvey(db, surveys));
  audit(db, actor, 'personal.viewed', { screen: 'dataSubject', caseCodes: scope.caseCodes, serials: scope.serials, responses: scope.responseIds });
  return { scope, records };
}

export type PersonCorrection = { caseCode: string; field: 'name' | 'phone' | 'address'; value: string } | { serial: number; questionId: string; value: string };

/** Corrects one value the person says is wrong: a register field, or a personal answer of one of their forms. */
/** What is said once a correction is made, on the command line and in the web alike. */
export const CORRECTED = 'Đã sửa và ghi vào nhật ký.';

/** The person's data as found, in one phrase: their cases, forms and electronic answers. */
export const describeScope = (s: PersonScope) =>
  `${s.caseCodes.length} hồ sơ trong sổ${s.caseCodes.length ? ` (${s.caseCodes.join(', ')})` : ''}, ${s.serials.length} phiếu giấy${s.serials.length ? ` (số ${s.serials.join(', ')})` : ''}, ${s.responseIds.length} câu trả lời điện tử`;

export function correctPerson(db: Db, query: PersonQuery, correction: PersonCorrection, actor: string, surveys: Iterable<SurveyDefinition> = []): void {
  const personal = personalQuestionsBySurvey(db, surveys);
  const scope = findPerson(db, query, surveys);
  db.transaction(() => {
    if ('caseCode' in correction) {
      const value = correction.field === 'phone' ? checkedPhone(correction.value) : correction.value.trim() || null;
      if (!scope.caseCodes.includes(correction.caseCode) || !correctRegisterCase(db, correction.caseCode, correction.field, value)) {
        throw new PhieuError('personCorrectionTarget', { target: `hồ sơ ${correction.caseCode}` });
      }
      audit(db, actor, 'personal.corrected', { caseCode: correction.caseCode, field: correction.field });
      return;
    }
    const answer = formPersonalAnswers(db, personal, [correction.serial]).find((a) => a.questionId === correction.questionId);
    if (!scope.serials.includes(correction.serial) || !answer) throw new PhieuError('personCorrectionTarget', { target: `phiếu ${correction.serial}, câu ${correction.questionId}` });
    const value = answer.kind === 'phone' ? checkedPhone(correction.value) : correction.value.trim();
    appendPersonalCorrection(db, { serial: correction.serial, questionId: correction.questionId, value: value ?? '', actor, reason: 'Người dân yêu cầu sửa dữ liệu cá nhân' });
    audit(db, actor, 'personal.corrected', { serial: correction.serial, questionId: correction.questionId });
  })();
}

function checkedPhone(raw: string): string | null {
  if (!raw.trim()) return null;
  const check = checkVietnamesePhone(raw);
  if (!check.ok) throw new PhieuError('personPhoneInvalid', { reason: check.reason });
  return check.phone;
}

/** Erases the person's personal values everywhere (see erasePerson): their anonymous answers stay counted. */
export function erasePersonFound(db: Db, dataDir: string, query: PersonQuery, actor: string, surveys: Iterable<SurveyDefinition> = []): { scope: PersonScope; erased: ErasedCounts; message: string } {
  const scope = findPerson(db, query, surveys);
  const e = erasePerson(db, dataDir, scope, { actor, surveys });
  const message = `Đã xoá dữ liệu cá nhân của ${describeScope(scope)}: ${e.personalAnswers} câu trả lời cá nhân, ${e.clips} ảnh cắt, ${e.digitSamples} chữ số đã gõ, ${e.pageImages} ảnh trang. Các câu trả lời không định danh vẫn được tính.`;
  return { scope, erased: e, message };
}
