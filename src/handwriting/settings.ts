/** Thresholds of the handwriting reader. */
export interface HandwritingSettings {
  ink: {
    /** A pixel this close to the paper's brightness (as a share of it) is paper. */
    paperMargin: number;
    /** A pixel at or below this share of the paper's brightness is full ink. */
    fullInkBelow: number;
    /** Ink stronger than this belongs to a stroke (connected components, spans). */
    strokeFrom: number;
  };
  cell: {
    /** Depth of the band along each side of a cell where the printed border may lie, as a share of the shorter side. */
    borderBand: number;
    /** A row or column of that band covered with ink along this share of its length is the printed border. */
    borderCoverage: number;
    /** Blobs of ink smaller than this share of the cell are specks of dust or toner. */
    speckArea: number;
    /** Less ink than this share of the cell is an empty cell. */
    emptyBelow: number;
    /**
     * This much ink (share of the cell) is a blacked-out digit when it leaves no hole or bay (`holeFrom`). A digit
     * written with a felt-tip as wide as the cell has as much: MNIST test digits thickened as the review-load bench's
     * felt-tip does and written 80 % of the cell tall, as wide as it, reach 0.45 in one of four (0.58 at most); the 16
     * bold digits the bench's forms gave, 0.26–0.56.
     */
    blackedOutFrom: number;
    /**
     * This much ink is a blacked-out digit whatever it leaves: above those felt-tip digits (0.58 in 1,000, 0.56 on the
     * bench's forms), below a dense scribble over a wide felt-tip 0 (0.62). A marker thicker still (MNIST thickened
     * twice, 85 % of the cell tall) reaches 0.71: such blots go to a person.
     */
    blackedOutAlwaysFrom: number;
    /**
     * Paper enclosed by ink on three sides or four, this deep (distance to the nearest ink, share of the cell's
     * shorter side: 2.9 px in a 300-dpi cell), is a hole or bay of a digit. The scribbles of the tests leave 0–2.8 px
     * (the gaps where a back-and-forth scribble turns); heavy felt-tip digits keep 5 px or more, but for four in
     * 1,400 (a closed 6, an 8 or 3 with its loops nearly shut, 0–2.8 px), and the bench's bold digits 3.4–17 px.
     */
    holeFrom: number;
    /** Both diagonals of the ink's box inked along this share of their length is a cross drawn over the digit. */
    crossShare: number;
    /** A line struck through a digit spans at least this share of the cell's width (a digit leaves room at its sides). */
    strikeSpan: number;
    /**
     * A line shorter than `strikeSpan`, down to `strikeShortest` of the cell's width (12 px: across a narrow 1), is
     * struck across the digit when it overhangs the whole body (the ink clear of it) by `strikeOverhang` at both ends
     * and the body goes on `strikeBodyBeyond` above and below it; `maybe` when it does one of these, or goes through the
     * body and overhangs it by `strikeReach`. Most people strike a digit out with a line across the digit, not the box.
     * Measured on 27,000 lines 40–100 % of the cell wide (centred on the ink or 8 px off, at 30–70 % of its height,
     * up to ±15°, pens of 3, 5 and 7 px, over 2 fine, bold and felt-tip test digits a label): of the 5,940 going 2 px
     * or more beyond the ink at both ends, 1,015 were read as sure digits before, 75 now (74 `maybe` read at 0.99999 or
     * surer: 52 over 3s, 20 over 4s, the line overhanging them by under 6.6 px); 3,234 struck out before, 5,346 now. Lines ending
     * within 2 px of the ink's sides (3,000): 1,201 sure, now 1,112; ending inside its outline (18,060): 8,041, now
     * 7,999 — such a line is a digit's own bar as often. What it costs: a 4's bar or a 7's crossbar overhanging the
     * rest of the digit is such a line; of 500 other fine test digits 7 are `maybe` (463 sure, now 460), of 500 bold
     * ones 3 (334, now 332), felt-tip ones and the review-load bench's bold digits (test/fixtures/struck-cells) as
     * before; none is struck out. Letting a line through the body ending up to 4 px short of its sides be `maybe` made
     * 112 of the 500 fine digits `maybe` (73 fewer sure).
     */
    strikeShortest: number;
    /** The steepest strike line looked for (rise over run, 15.6°): a line from side to side of the cell, 23 px higher at one end. */
    strikeSlope: number;
    /**
     * A strike line is thinner than this share of the cell's height (13 px): a felt-tip's line is 8 px, the widest
     * part of a bold digit (the middle of a closed 3, a 6's filled loop) thicker.
     */
    strikeThickBelow: number;
    /** How far above and below a strike line (share of the cell's height) the digit's body is looked for. */
    strikeNear: number;
    /**
     * A strike line reaches this far (share of the cell's width, 2.5 px) beyond the digit's body at each end, or
     * crosses a stroke of the body there that goes on above and below it. With both, of 1,000 felt-tip digits as wide
     * as the cell none is taken for struck through (the bar of a 4, the foot of a 2, the bar of a 7 were), of 1,000 95 %
     * as wide one (a 2), and every test
     * strike (level, slanted, pens of 2–8 px, at 38–62 % of the cell's height) over digits of the usual width is.
     * Over digits as wide as the cell, 11 % of those strikes end inside the body's outline and are missed.
     */
    strikeReach: number;
    /**
     * A strike line the digit's ink goes on beyond by less than `strikeBodyBeyond` of the cell's height (10.6 px) on
     * one side, and which overhangs the ink by less than `strikeOverhang` of its width (6.6 px) at one end, may be the
     * foot of a bold 2 or the bar of a bold 7: the cell is read as a digit that may be struck (`mayBeStruckAcceptFrom`).
     * Of the 34 cells the review-load bench's forms (300 and 150, none struck out) took for struck out, 31 through such
     * a line, 19 are now read so (test/fixtures/struck-cells/line-*); the bold foots and bars left go on 2–17 px beyond
     * the line or are overhung 9 px. Strikes of the tests (pens of 2–8 px, level or slanted 8 px, at 38–62 % of the
     * cell's height) overhang fine and bold digits by 8 px: all 3,600 over 5 test digits a label stay struck out. Lower
     * or higher (30, 34, 66, 70 %), over 10 a label, 141 of 9,600 are read as written (108 before), the same 68 sure as
     * before (the rule missed them already: lines grazing the digit); over felt-tip digits as wide as the cell (38–70 %,
     * 3,000), 10 more are written, none sure. Overhang at 10 % of the width let 29 more of 2,400 strikes at 30 or 70 % be
     * read as sure.
     */
    strikeBodyBeyond: number;
    strikeOverhang: number;
    /**
     * A zig-zag over a digit: `zigZagColumns` of the ink's columns, or `zigZagRows` of its rows, cross this many
     * strokes or more. Of 5,000 MNIST test digits in cells, the most columns crossing 4 strokes were 40 % of a digit's
     * (the next 33 %), the most rows 27 % (the next 10 %); felt-tip digits 3 % and 0 %. Zig-zags of 6–7 passes over a
     * digit: 54 % of columns and more, 32 % of rows and more.
     */
    zigZagCrossings: number;
    zigZagColumns: number;
    zigZagRows: number;
  };
  digits: {
    /**
     * A digit that any network of the ensemble gives less than this probability is doubtful and sends its field to
     * review. Measured on MNIST's test split written into cells (bench/handwriting, the shipped 12/24-filter pair):
     * phone fields accepted yet wrong 0.11 % at 0.97 (40 % sent to a person), 0.03 % at 0.98 (44 %) and at 0.985
     * (47 %); sure digits of UCI's other writers wrong 7, 6 and 5 in 1,797. The goal is under 0.2 % of fields, with
     * room for handwriting less tidy than MNIST's: 0.98 sends fewer fields to a person than 0.985 and lets no more
     * wrong MNIST digits through. (The 8/16-filter pair shipped before took 0.985 for 0.125 % and 47 %.)
     */
    acceptFrom: number;
    /**
     * A cell whose written ink covers this share of it or more (a felt-tip's digit as wide as the cell, or a felt-tip
     * zig-zag over one whose passes run into the digit's strokes, so the struck-out rules miss it) is heavy: its digit
     * is sure only from `heavyAcceptFrom`. Zig-zags of 6–8 px and 9–13 px spacing over felt-tip MNIST test digits
     * read as written with 0.32 of the cell or more, and the classifier was sure of none under 0.41.
     */
    heavyFrom: number;
    /**
     * How sure the classifier must be of a heavy cell's digit. Of 5,400 such zig-zags (30 test digits a label), 89 were
     * read at `acceptFrom` or surer, the surest at 0.99941; of 300 felt-tip digits, 87 are heavy and 57 of them were
     * sure at `acceptFrom`, 19 are at 0.9999 (38 more bold digits, 13 %, go to a person); of the 16 bold digits of the
     * review-load bench's forms (test/fixtures/struck-cells), 12 were sure, 5 are. A struck digit read as sure is a
     * silent wrong read; a bold digit reviewed costs one key.
     */
    heavyAcceptFrom: number;
    /**
     * How sure the classifier must be of a cell a line may strike through (`cell.strikeBodyBeyond`). Of the 19 bold 2s
     * and 7s of the review-load bench so read, 8 are sure at 0.99999 (11 at `heavyAcceptFrom`); of 9,600 strikes at 30,
     * 34, 66 or 70 % of the cell's height over fine and bold test digits, the surest so read was a 4 at 0.99995 (the only
     * one at `heavyAcceptFrom`), none at 0.99999.
     */
    mayBeStruckAcceptFrom: number;
    /**
     * A register code is taken for a doubtful quick-form case code when its log-likelihood (natural log of the product
     * of its digits' probabilities) is this far ahead of the runner-up's — the next register code, or a code the
     * register lacks, less `absentPenalty`. Measured on 4,000 codes of MNIST test digits against a register holding
     * half of 4,000 consecutive codes, one code in five missing from it (bench/knownValues): margin 5 and penalty 2
     * accept wrongly 0.05 % of codes (one missing code taken for its neighbour in 800); margin 4, or penalty 3, 0.1–0.2 %.
     */
    knownMargin: number;
    /** How much less likely (log) a written case code is to be missing from the register than to be in it. */
    absentPenalty: number;
    /**
     * `knownMargin` and `absentPenalty` for a doubtful phone on a form with no case of its own (a blank one-stop form
     * handed out as a case is returned), matched against the register's phones of its office. The penalty is the prior:
     * one respondent in ten has a phone the register lacks, log 9 ≈ 2. Measured on 2,000 mobile numbers of MNIST test
     * digits against 2,000 other phones, nine in ten written phones (a fifth with a relative's number one digit away),
     * and for each phone missing the worst neighbour, differing only where the reader is least sure by its runner-up
     * digit (bench/knownValues): what counts is margin − penalty; at 3 (5 and 2) 28.6 % go to a person (45 % unweighed)
     * and 0.05 % are accepted wrong (one missing phone taken for its neighbour in 200); at 2, 20.6 % and 0.10 %; at 1,
     * 14.9 % and 0.30 %.
     */
    phoneMargin: number;
    phoneAbsentPenalty: number;
    /** A known value may be at most this far (log-likelihood) behind the digit-by-digit reading. */
    knownSlack: number;
    /** A reading of a doubtful phone or date at least this likely is one a person might have meant. */
    candidateFrom: number;
    /**
     * A doubtful phone that no reading could change a count with is kept as read only when its likeliest valid
     * reading holds at least this share of the valid readings' probability: 1 − the 0.2 % of accepted-yet-wrong digit
     * fields issue 17 allows. In practice only Vietnamese numbering ruling out the other readings gets there (one
     * doubtful digit has a mean probability under 0.99 when one network gives it under `acceptFrom`).
     */
    phoneKeptFrom: number;
    /**
     * A doubtful phone's or quick form's case code's readings weighed for what they could change (a staff phone, a
     * person at the forms limit, a case answered elsewhere) are every reading at least this likely, together at least
     * 99.9 % of its probability. Each of ten or twelve cells leaves a little probability to other digits: on the
     * review-load bench (90 forms) the readings at least 0.0001 likely covered 99.9 % for 6 of 19 doubtful case codes
     * (99.5–99.97 %) and 9 of 15 doubtful phones, at 0.00001 for 17 of 19 codes (8 to 167 readings) and all 15 phones
     * (19 to 84). At 0.001 one of 13 phones waiting to be typed lacked the number written (a digit the reader was sure
     * of and wrong).
     */
    readingsFrom: number;
  };
  text: {
    /** Less ink than this share of a zone (after the printed writing lines are taken out) is an empty zone. */
    emptyBelow: number;
    /** OCR confidence (0–100) under which a suggestion is flagged as unsure; under `worthlessBelow` it is dropped. */
    unsureBelow: number;
    worthlessBelow: number;
    /** A suggestion this close to an entry of a known list (0 same, 1 nothing alike) is taken as that entry. */
    listMatchWithin: number;
  };
}

export const HANDWRITING_SETTINGS: HandwritingSettings = {
  ink: { paperMargin: 0.12, fullInkBelow: 0.45, strokeFrom: 0.35 },
  cell: { borderBand: 0.1, borderCoverage: 0.75, speckArea: 0.0025, emptyBelow: 0.01, blackedOutFrom: 0.45, blackedOutAlwaysFrom: 0.6, holeFrom: 0.035, crossShare: 0.98, strikeSpan: 0.85, strikeShortest: 0.15, strikeSlope: 0.28, strikeThickBelow: 0.12, strikeNear: 0.1, strikeReach: 0.03, strikeBodyBeyond: 0.1, strikeOverhang: 0.08, zigZagCrossings: 4, zigZagColumns: 0.45, zigZagRows: 0.3 },
  digits: { acceptFrom: 0.98, heavyFrom: 0.4, heavyAcceptFrom: 0.9999, mayBeStruckAcceptFrom: 0.99999, knownMargin: 5, absentPenalty: 2, phoneMargin: 5, phoneAbsentPenalty: 2, knownSlack: 5, candidateFrom: 0.001, phoneKeptFrom: 0.998, readingsFrom: 0.00001 },
  text: { emptyBelow: 0.002, unsureBelow: 75, worthlessBelow: 30, listMatchWithin: 0.35 },
};
