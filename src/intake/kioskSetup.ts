import { vietnamTime } from '../electronic/time.js';
import { endedBefore, requireStillActive } from '../sampling/officeTree.js';
import type { Db } from '../store/db.js';
import { officeNode, officeTree } from '../store/offices.js';
import { createKiosk, type Kiosk } from '../store/results.js';

/**
 * Sets up a kiosk at an office's desk for one survey (audited by the store, the token in the answer only). An office
 * no longer active gets none: nobody is served there any more.
 */
export function setUpKiosk(db: Db, request: { name: string; officeCode: string; surveyId: string; actor: string }): { kiosk: Kiosk; token: string } {
  const office = officeNode(db, request.officeCode);
  // An unknown office is refused by createKiosk, naming the codes there are.
  if (office) requireStillActive(office, today(), 'kiosk');
  return createKiosk(db, request);
}

/** The offices a kiosk can be set up for: those still active today, by name. */
export function kioskOffices(db: Db): { code: string; name: string; level: string | null }[] {
  const day = today();
  return officeTree(db)
    .filter((o) => !endedBefore(o, day))
    .map(({ code, name, level }) => ({ code, name, level }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

const today = (): string => vietnamTime(new Date()).slice(0, 10);
