/** Thresholds of the reader. Defaults follow MARKS.md; a province may tune them (stored as a setting). */
export interface RecognitionSettings {
  checkbox: {
    /** Share of the box's side left out on each side, so the printed border and small misregistration never count. */
    inset: number;
    /** Below this ink score a box is empty. */
    emptyBelow: number;
    /** From this score a box is marked; between the two it is marginal and goes to a person. */
    markedFrom: number;
    /** From this score the box is filled in: the instructions make that a cancelled mark. */
    cancelledFrom: number;
    /** Between this and `cancelledFrom` a box is too heavy to be sure whether it is a mark or a cancellation. */
    heavyFrom: number;
    /** A mark reaches at least this share across the inner area; denser ink in one spot (a dot) is marginal. */
    minMarkExtent: number;
    /**
     * A box is only read as marked when its score and its spread clear `markedFrom` and `minMarkExtent` by this share
     * of them; closer than that it is marginal. The same mark scores up to about a quarter apart between scans of it
     * (JPEG quality, bilevel threshold, resolution) and a speck moves the spread, so a value just over a threshold
     * could as well have fallen under it.
     */
    doubtMargin: number;
    /**
     * Scanner specks may make an empty box marginal in at most this share of empty boxes (see faintMarkSpots): the
     * price of never reading a faint mark that left only a dotted trace as "no answer".
     */
    speckChance: number;
  };
  /** How far the marks' spacing may stray from the printed size (a 97 % photocopy is 0.03). */
  scaleTolerance: number;
  /** How far the QR may be from where the marks say it should be, in points, before the registration is distrusted. */
  qrMismatchPt: number;
  /** A page with fewer inked ~1 mm cells than this share is blank. */
  blankInkShare: number;
}

export const DEFAULT_SETTINGS: RecognitionSettings = {
  checkbox: { inset: 0.2, emptyBelow: 0.04, markedFrom: 0.1, heavyFrom: 0.62, cancelledFrom: 0.78, minMarkExtent: 0.45, doubtMargin: 0.2, speckChance: 0.001 },
  scaleTolerance: 0.06,
  qrMismatchPt: 12,
  blankInkShare: 0.001,
};
