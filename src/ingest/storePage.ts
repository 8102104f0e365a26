import type { Db } from '../store/db.js';
import * as scans from '../store/scans.js';
import { withKnownValues } from './knownValues.js';

/** Stores one page in one transaction (store/scans), its digits weighed against what phieu knows as it is stored. */
export function storePage(db: Db, page: scans.PageToStore): scans.StoredOutcome {
  return scans.storePage(db, page, (read) => withKnownValues(db, read));
}

/** Makes a page a person placed on a form that form's read page (store/scans), weighed as a scanned page is. */
export function storePlacedPage(db: Db, placed: scans.PlacedPageToStore): void {
  scans.storePlacedPage(db, placed, (read) => withKnownValues(db, read));
}
