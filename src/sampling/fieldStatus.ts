/** What can be recorded about a form in the field. */
export const FIELD_STATUSES = ['handedOut', 'returned', 'refused', 'unreachable'] as const;
export type FieldStatus = (typeof FIELD_STATUSES)[number];

/** Where a member of the sample stands: their form's status, or `notPrinted` for a member who has no form yet. */
export type FieldState = 'notPrinted' | 'printed' | FieldStatus | 'scanned';

export const FIELD_STATE_LABELS: Record<FieldState, string> = {
  notPrinted: 'Chưa in phiếu',
  printed: 'Đã in',
  handedOut: 'Đã phát',
  returned: 'Đã thu',
  refused: 'Từ chối',
  unreachable: 'Không liên lạc được',
  scanned: 'Đã quét',
};

/**
 * The allowed changes. A refusal or an unreachable person takes the member out of the sample and brings in a
 * reserve member, so nothing may follow it; a returned or scanned form means the person answered, so they can no
 * longer refuse or be unreachable. A late "handed out" or "returned" on a scanned form is harmless: it stays scanned.
 */
const ALLOWED: Record<FieldState, readonly FieldStatus[]> = {
  notPrinted: ['refused', 'unreachable'],
  printed: ['handedOut', 'returned', 'refused', 'unreachable'],
  handedOut: ['returned', 'refused', 'unreachable'],
  returned: [],
  refused: [],
  unreachable: [],
  scanned: ['handedOut', 'returned'],
};

// Only the states that refuse something other than themselves.
const WHY_NOT: Record<Exclude<FieldState, 'printed' | 'handedOut'>, string> = {
  notPrinted: 'hồ sơ này chưa có phiếu, chỉ ghi được "Từ chối" hoặc "Không liên lạc được"',
  returned: 'phiếu đã thu về, người này đã trả lời',
  refused: 'người này đã ra khỏi mẫu, người dự phòng kế tiếp (nếu còn) đã vào thay',
  unreachable: 'người này đã ra khỏi mẫu, người dự phòng kế tiếp (nếu còn) đã vào thay',
  scanned: 'phiếu đã được quét, người này đã trả lời',
};

/** Whether `to` may be recorded on a member in state `from`; if not, the reason in Vietnamese. `who` names the form or case. */
export function checkFieldTransition(from: FieldState, to: FieldStatus, who: string): { ok: true } | { ok: false; reason: string } {
  if (ALLOWED[from].includes(to)) return { ok: true };
  const why = from === to || from === 'printed' || from === 'handedOut' ? 'đã ghi trạng thái này rồi' : WHY_NOT[from];
  return { ok: false, reason: `${who} đang ở trạng thái "${FIELD_STATE_LABELS[from]}", không thể ghi "${FIELD_STATE_LABELS[to]}": ${why}.` };
}
