import { audit, type Db } from '../store/db.js';

/** Where a person was shown a name, phone number or address. */
export type PersonalView = 'review' | 'clip' | 'page' | 'form' | 'textClips' | 'unreadPage';

/**
 * Every showing of a personal value is audited (Law 91/2025/QH15): who saw which questions of which form, and on
 * which screen. Nothing is written when nothing personal was shown.
 */
export function auditPersonalView(db: Db, actor: string, seen: { serial: number | null; questions: string[]; via: PersonalView; item?: number; page?: number }): void {
  if (seen.questions.length) audit(db, actor, 'personal.viewed', seen);
}
