/**
 * The errors a person meets, each with a code (kept in `--json` output and server answers, for machines) and its
 * Vietnamese sentence. One table, so the CLI, the server and later the web say the same thing for the same problem.
 */

/** What kind of refusal it is: the server answers 404, 400 or 409 for these. */
export type ErrorKind = 'notFound' | 'invalid' | 'conflict';

interface ErrorEntry<P> {
  kind: ErrorKind;
  say: (params: P) => string;
}

const entry = <P>(kind: ErrorKind, say: (params: P) => string): ErrorEntry<P> => ({ kind, say });
// A long list (hundreds of offices) is cut: the person needs to see the shape of the codes, not all of them.
const listed = (names: string[]) => (names.length ? `${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} mục)` : ''}` : 'chưa có');

export const ERROR_TABLE = {
  unknownSurvey: entry<{ survey: string; known: string[] }>('notFound', (p) => `Không có mẫu phiếu "${p.survey}" (các mẫu phiếu dùng được: ${listed(p.known)}).`),
  unknownOffice: entry<{ office: string; known: string[] }>(
    'notFound',
    (p) => `Không có cơ quan "${p.office}". ${p.known.length ? `Các mã cơ quan đã có: ${listed(p.known)}.` : 'Chưa có cơ quan nào: hãy nhập sổ hồ sơ trước.'}`,
  ),
  unknownLevel: entry<{ level: string; known: string[] }>('notFound', (p) => `Không có cấp cơ quan "${p.level}" (các cấp đã có: ${listed(p.known)}).`),
  unknownDraw: entry<{ draw: string }>('notFound', (p) => `Không có lần chọn mẫu "${p.draw}". Xem các lần đã chọn bằng phieu sample progress.`),
} satisfies Record<string, ErrorEntry<never>>;

export type ErrorCode = keyof typeof ERROR_TABLE;
export type ErrorParams<C extends ErrorCode> = Parameters<(typeof ERROR_TABLE)[C]['say']>[0];

/** An error a person reads: its message is the table's Vietnamese sentence for its code. */
export class PhieuError<C extends ErrorCode = ErrorCode> extends Error {
  readonly kind: ErrorKind;

  constructor(
    readonly code: C,
    readonly params: ErrorParams<C>,
  ) {
    const { kind, say } = ERROR_TABLE[code] as ErrorEntry<ErrorParams<C>>;
    super(say(params));
    this.kind = kind;
  }
}
