import { PhieuError } from '../errors/errorTable.js';

export type ScanFileCode =
  | 'scanUnsupported'
  | 'scanImageBroken'
  | 'scanPageNoSize'
  | 'scanPageTooLarge'
  | 'scanPageUndecodable'
  | 'scanPdfEncrypted'
  | 'scanPdfBroken'
  | 'scanPdfEmpty'
  | 'scanPdfTruncated'
  | 'scanPdfPageNotDrawn'
  | 'scanPageFormLoop'
  | 'scanPageContentTooLarge'
  | 'scanPagePixelsTooMany';

const REFUSAL_REASONS = {
  scanUnsupported: 'unsupported',
  scanPdfEncrypted: 'encrypted',
  scanPageTooLarge: 'tooLarge',
  scanImageBroken: 'corrupt',
  scanPageNoSize: 'corrupt',
  scanPageUndecodable: 'corrupt',
  scanPdfBroken: 'corrupt',
  scanPdfEmpty: 'corrupt',
  scanPdfTruncated: 'corrupt',
  scanPdfPageNotDrawn: 'corrupt',
  scanPageFormLoop: 'corrupt',
  scanPageContentTooLarge: 'tooLarge',
  scanPagePixelsTooMany: 'tooLarge',
} as const satisfies Record<ScanFileCode, string>;

/** A file or page that cannot be read, with the reason in words a scanning clerk can act on. */
export class ScanFileError<C extends ScanFileCode = ScanFileCode> extends PhieuError<C> {
  /** Why the page is refused, as stored with it. */
  readonly reason: (typeof REFUSAL_REASONS)[ScanFileCode] = REFUSAL_REASONS[this.code];
}
