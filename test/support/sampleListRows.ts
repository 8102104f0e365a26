import type { SampleListRow } from '../../src/sampling/sampleList.js';

/** A member of the official list with no field outcome yet, returned on 4 March 2025; `fields` says who it is. */
export function sampleListRow(position: number, fields: Pick<SampleListRow, 'caseCode' | 'name' | 'phone' | 'address' | 'procedure'> & Partial<SampleListRow>): SampleListRow {
  return { position, list: 'official', inSample: true, outcome: null, replaces: null, replacedBy: null, returnedOn: '2025-03-04', serial: null, formStatus: null, ...fields };
}
