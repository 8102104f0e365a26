/**
 * The errors a person meets, each with a code (kept in `--json` output and server answers, for machines) and its
 * Vietnamese sentence. One table, so the CLI, the server and the web say the same thing for the same problem.
 */

/**
 * What kind of refusal it is; the server answers with the HTTP status of its kind (src/server/http/errors.ts).
 * `refused` is a wrong request that retrying will not mend; `busy` says to come back later.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'notFound' | 'conflict' | 'tooLarge' | 'unsupported' | 'busy' | 'unavailable' | 'noSpace';

interface ErrorEntry<P> {
  kind: ErrorKind;
  say: (params: P) => string;
}

const entry = <P>(kind: ErrorKind, say: (params: P) => string): ErrorEntry<P> => ({ kind, say });
// A long list (hundreds of offices) is cut: the person needs to see the shape of the codes, not all of them.
const listed = (names: string[]) => (names.length ? `${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} mục)` : ''}` : 'chưa có');
/** A refusal names this many forms, then says how many more. */
const SERIALS_NAMED = 20;
const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const megabytes = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const tryAgainIn = (seconds: number) => `Vui lòng thử lại sau ${seconds < 60 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`}.`;

export const ERROR_TABLE = {
  // What is typed on the command line
  optionOneOf: entry<{ option: string; value: string; allowed: readonly string[] }>('invalid', (p) => `${p.option} "${p.value}": cần một trong ${p.allowed.join(', ')}.`),
  optionNotDate: entry<{ option: string; value: string }>('invalid', (p) => `${p.option} ${p.value}: ngày không đọc được (dùng dd/mm/yyyy hoặc yyyy-mm-dd).`),
  optionNotNumber: entry<{ option: string; value: string; min: number; max?: number; whole: boolean }>(
    'invalid',
    (p) => `${p.option} "${p.value}": cần một số${p.whole ? ' nguyên' : ''} ${p.max === undefined ? `từ ${p.min} trở lên` : `từ ${p.min.toLocaleString('vi-VN')} đến ${p.max.toLocaleString('vi-VN')}`}.`,
  ),
  trainOptions: entry<{ problems: string[] }>('invalid', (p) => `Tuỳ chọn của phieu train digits không hợp lệ: ${p.problems.join('; ')}.`),
  retrainTooFewDigits: entry<{ usable: number; stored: number; minimum: number }>(
    'invalid',
    (p) => `Mới có ${p.usable} chữ số do người duyệt gõ đọc được (trong ${p.stored} chữ số đã lưu); cần ít nhất ${p.minimum} để học lại.`,
  ),
  optionNeedsOut: entry<{ format: string }>('invalid', (p) => `--format ${p.format} cần --out <tệp>.`),
  optionRouteAssignment: entry<{ pair: string }>('invalid', (p) => `--assign ${p.pair}: cần dạng tuyến=tên điều tra viên, ví dụ "phường Phú Hội=Nguyễn Văn An".`),
  optionMapPair: entry<{ pair: string; fields: readonly string[] }>('invalid', (p) => `--map ${p.pair}: cần dạng trường=Tiêu đề cột, trường là một trong ${p.fields.join(', ')}.`),
  redrawKeepsPeriod: entry<Record<string, never>>('invalid', () => '--redraw chọn lại trong kỳ của danh sách cũ: bỏ --period-from/--period-to.'),
  purgeNeedsChoice: entry<Record<string, never>>('invalid', () => 'Cần --dry-run (xem sẽ xoá gì) hoặc --yes (xoá thật).'),
  serverNeedsToken: entry<Record<string, never>>('invalid', () => '--server cần --token (mã trạm quét do quản trị viên tạo).'),
  unknownTable: entry<{ table: string; known: string[] }>('notFound', (p) => `--table ${p.table}: không có bảng này (có: ${p.known.join(', ')}).`),
  noSuchPath: entry<{ path: string }>('notFound', (p) => `${p.path}: không có tệp hay thư mục này.`),

  // Looking things up
  unknownSurvey: entry<{ survey: string; known: string[] }>('notFound', (p) => `Không có mẫu phiếu "${p.survey}" (các mẫu phiếu dùng được: ${listed(p.known)}).`),
  surveyNotInFolder: entry<{ survey: string; folder: string; known: string[]; setAside: string[] }>(
    'notFound',
    (p) => `Không có mẫu phiếu "${p.survey}" trong ${p.folder} (các mẫu phiếu dùng được: ${listed(p.known)})${p.setAside.length ? `; tệp bị bỏ qua: ${p.setAside.join('; ')}` : ''}.`,
  ),
  unknownOffice: entry<{ office: string; known: string[] }>(
    'notFound',
    (p) => `Không có cơ quan "${p.office}". ${p.known.length ? `Các mã cơ quan đã có: ${listed(p.known)}.` : 'Chưa có cơ quan nào: hãy nhập sổ hồ sơ trước.'}`,
  ),
  unknownLevel: entry<{ level: string; known: string[] }>('notFound', (p) => `Không có cấp cơ quan "${p.level}" (các cấp đã có: ${listed(p.known)}).`),
  unknownDraw: entry<{ draw: string }>('notFound', (p) => `Không có lần chọn mẫu "${p.draw}". Xem các lần đã chọn bằng phieu sample progress.`),
  unknownMapping: entry<{ mapping: string; known: string[] }>('notFound', (p) => `Không có tệp ánh xạ "${p.mapping}" (có sẵn: ${listed(p.known)}).`),

  // Definition files
  surveyDefinition: entry<{ source: string; problems: string[] }>('invalid', (p) => `Tệp định nghĩa phiếu ${p.source} có lỗi: ${p.problems.join('; ')}`),
  mappingDefinition: entry<{ source: string; problems: string[] }>('invalid', (p) => `Tệp ánh xạ ${p.source} có lỗi: ${p.problems.join('; ')}`),

  // Registers and other tables people hand in
  tableNoHeader: entry<{ file: string }>('invalid', (p) => `${p.file}: không tìm thấy dòng tiêu đề (cần các cột như "Mã hồ sơ", "Cơ quan/Đơn vị"); dùng --map để chỉ rõ cột.`),
  tableNotText: entry<{ file: string }>('invalid', (p) => `${p.file}: không phải văn bản UTF-8 hay UTF-16 (hãy lưu lại dạng "CSV UTF-8" hoặc dùng tệp XLSX).`),
  tableBroken: entry<{ file: string; format: string; reason: string }>('invalid', (p) => `${p.file}: tệp ${p.format} hỏng — ${p.reason}.`),
  tableNoHeaderInSheets: entry<{ file: string; sheets: string[] }>(
    'invalid',
    (p) => `${p.file}: không tìm thấy dòng tiêu đề ở trang tính nào (các trang tính: ${quoted(p.sheets)}; cần các cột như "Mã hồ sơ", "Cơ quan/Đơn vị"); dùng --map để chỉ rõ cột.`,
  ),
  // The register reader says it again as tableBroken, naming the file.
  xlsxDamaged: entry<{ reason: string }>('invalid', (p) => `tệp XLSX hỏng: ${p.reason}`),
  registerMissingColumns: entry<{ file: string; columns: string[]; headerRow: number; present: string[] }>(
    'invalid',
    (p) => `${p.file}: không thấy cột ${quoted(p.columns)} ở dòng tiêu đề ${p.headerRow} (có: ${p.present.join(', ')}); dùng --map để chỉ rõ.`,
  ),
  tableMissingColumns: entry<{ file: string; columns: string[]; headerRow: number }>('invalid', (p) => `${p.file}: không thấy cột ${quoted(p.columns)} ở dòng tiêu đề ${p.headerRow}.`),
  exportNoHeader: entry<{ file: string; columns: string[] }>('invalid', (p) => `${p.file}: không tìm thấy dòng tiêu đề có các cột của tệp ánh xạ (${quoted(p.columns)}).`),
  exportBrokenJson: entry<{ file: string; reason: string }>('invalid', (p) => `${p.file}: tệp JSON hỏng — ${p.reason}.`),
  exportNoRecordList: entry<{ file: string; at: string }>('invalid', (p) => `${p.file}: không thấy danh sách bản ghi${p.at ? ` ở "${p.at}"` : ''}.`),
  exportFieldsAbsent: entry<{ file: string; fields: string[] }>('invalid', (p) => `${p.file}: không bản ghi nào có ${quoted(p.fields)}.`),

  // Sampling and the field
  registerEmpty: entry<Record<string, never>>('invalid', () => 'Sổ hồ sơ chưa có hồ sơ nào trong kỳ này: hãy nhập sổ trước khi chọn mẫu.'),
  redrawAfterPrinting: entry<{ office: string; serials: number[] }>(
    'invalid',
    (p) => `Không chọn lại mẫu của ${p.office}: đã in hoặc phát ${p.serials.length} phiếu của danh sách này (số ${p.serials.slice(0, SERIALS_NAMED).join(', ')}${p.serials.length > SERIALS_NAMED ? ` và ${p.serials.length - SERIALS_NAMED} phiếu khác` : ''}).`,
  ),
  officeNotDrawn: entry<{ office: string }>('invalid', (p) => `Cơ quan "${p.office}" chưa được chọn mẫu.`),
  officeNotInDraw: entry<{ office: string; draw: number }>('invalid', (p) => `Không có cơ quan "${p.office}" trong lần chọn mẫu ${p.draw}.`),
  unknownForm: entry<{ serial: number }>('invalid', (p) => `Không có phiếu số ${p.serial}.`),
  blankForm: entry<{ serial: number }>('invalid', (p) => `Phiếu số ${p.serial} không gắn với hồ sơ nào (phiếu trắng).`),
  serialOrCaseNeeded: entry<Record<string, never>>('invalid', () => 'Cần số phiếu hoặc mã hồ sơ.'),
  caseNotInSample: entry<{ caseCode: string }>('invalid', (p) => `Hồ sơ ${p.caseCode} không có phiếu và không có trong mẫu.`),
  fieldStatusNotAllowed: entry<{ reason: string }>('invalid', (p) => `Không ghi được trạng thái: ${p.reason}`),
  notInRecheck: entry<{ serial: number }>('invalid', (p) => `Phiếu số ${p.serial} không có trong danh sách phúc tra.`),
  unknownRoute: entry<{ route: string; office: string; routes: string[] }>(
    'invalid',
    (p) => `Danh sách mẫu của ${p.office} không có tuyến "${p.route}". Các tuyến có: ${p.routes.join('; ')}.`,
  ),
  enumeratorName: entry<Record<string, never>>('invalid', () => 'Tên điều tra viên cần từ 1 đến 80 ký tự.'),
  unknownEnumerator: entry<{ enumerator: string; office: string; enumerators: string[] }>(
    'invalid',
    (p) => `Điều tra viên "${p.enumerator}" chưa được giao tuyến nào của ${p.office}.${p.enumerators.length ? ` Đã giao cho: ${p.enumerators.join(', ')}.` : ' Chưa giao tuyến nào: dùng phieu sample routes.'}`,
  ),
  reprintAfterReturn: entry<{ serial: number }>(
    'invalid',
    (p) => `Không in lại phiếu số ${p.serial}: phiếu đã được thu về hoặc đã quét, một bản in lại có thể bị tính hai lần.`,
  ),

  // Answers (review screen and kiosks)
  answerChoicesNeeded: entry<Record<string, never>>('invalid', () => 'Cần chọn trong các phương án của câu hỏi.'),
  answerNoSuchOption: entry<{ question: string; options: string[] }>('invalid', (p) => `Câu ${p.question} không có phương án ${p.options.join(', ')}.`),
  answerOneOption: entry<{ question: string }>('invalid', (p) => `Câu ${p.question} chỉ nhận một phương án.`),
  answerTooManyOptions: entry<{ question: string; max: number }>('invalid', (p) => `Câu ${p.question} nhận nhiều nhất ${p.max} phương án; nếu người trả lời chọn nhiều hơn, để trống (không có câu trả lời hợp lệ).`),
  answerDigits: entry<{ length: number }>('invalid', (p) => `Cần nhập chữ số, nhiều nhất ${p.length} chữ số.`),
  answerDate: entry<Record<string, never>>('invalid', () => 'Cần một ngày có thật, viết dd/mm/yyyy hoặc 8 chữ số ddmmyyyy.'),
  answerText: entry<Record<string, never>>('invalid', () => 'Cần nhập chữ, nhiều nhất 2.000 ký tự.'),

  // Review
  reviewItemMissing: entry<{ item: number }>('notFound', (p) => `Không có mục duyệt số ${p.item}.`),
  reviewItemWithoutQuestion: entry<{ item: number }>('notFound', (p) => `Mục duyệt số ${p.item} không gắn với câu hỏi nào của phiếu.`),
  reviewSupervisorOnly: entry<Record<string, never>>('forbidden', () => 'Mục này đã chuyển cho giám sát viên; chỉ giám sát viên quyết định.'),
  reviewDecidedByOther: entry<Record<string, never>>('conflict', () => 'Mục này do người duyệt khác quyết định; chỉ người đó hoặc giám sát viên sửa được.'),
  reviewClaimLost: entry<{ minutes: number }>('conflict', (p) => `Bạn không còn giữ mục này (đã quá ${p.minutes} phút hoặc người khác đang duyệt); hãy lấy mục tiếp theo.`),
  reviewReferOnlyHeld: entry<Record<string, never>>('conflict', () => 'Chỉ chuyển cho giám sát được mục đang chờ duyệt mà bạn đang giữ.'),
  pageItemMissing: entry<{ item: number }>('notFound', (p) => `Không có trang số ${p.item} đang chờ xếp.`),
  pageItemResolved: entry<{ item: number }>('invalid', (p) => `Trang số ${p.item} đã được xử lý rồi.`),
  pageNotPlaceable: entry<{ page: number; serial: number; reason: string; detail: string }>(
    'invalid',
    (p) => `Không đọc được trang này như trang ${p.page} của phiếu ${p.serial}: ${p.reason} (${p.detail}). Trang vẫn chờ ở đây.`,
  ),
  formNeverPrinted: entry<{ serial: number }>('invalid', (p) => `Phiếu số ${p.serial} chưa từng được in ở đây.`),
  formPageOutOfRange: entry<{ serial: number; pages: number }>('invalid', (p) => `Phiếu số ${p.serial} chỉ có ${p.pages} trang.`),
  formPageTaken: entry<{ serial: number; page: number }>('invalid', (p) => `Trang ${p.page} của phiếu ${p.serial} đã có rồi.`),

  // Kiosks (the citizen reads these at the desk)
  invalidCaseCode: entry<Record<string, never>>('invalid', () => 'Mã hồ sơ chưa đúng. Ông/Bà vui lòng xem lại mã trên giấy hẹn trả kết quả.'),
  invalidAnswer: entry<{ question: string; reason: string }>('invalid', (p) => `Câu "${p.question}": ${p.reason}`),
  caseAlreadyAnswered: entry<{ caseCode: string }>('conflict', (p) => `Hồ sơ ${p.caseCode} đã được đánh giá trước đây. Xin cảm ơn Ông/Bà đã dành thời gian!`),
  wrongSurvey: entry<{ survey: string }>('conflict', (p) => `Ki-ốt này dùng phiếu "${p.survey}".`),
  unknownKiosk: entry<Record<string, never>>('unauthorized', () => 'Mã ki-ốt không đúng hoặc đã bị thu hồi. Cán bộ vui lòng nhập mã ki-ốt mới.'),
  kioskSurveyGone: entry<{ survey: string }>('conflict', (p) => `Ki-ốt này gắn với phiếu "${p.survey}" nhưng phiếu đó không còn. Cán bộ vui lòng tạo ki-ốt mới.`),
  kioskTooBusy: entry<{ seconds: number }>('busy', (p) => `Ki-ốt gửi quá nhiều yêu cầu. ${tryAgainIn(p.seconds)}`),
  kioskNotFound: entry<Record<string, never>>('notFound', () => 'Không có ki-ốt này.'),

  // Signing in and rights
  notLoggedIn: entry<Record<string, never>>('unauthorized', () => 'Cần đăng nhập.'),
  wrongLogin: entry<Record<string, never>>('unauthorized', () => 'Sai tên đăng nhập hoặc mật khẩu.'),
  tooManyLogins: entry<{ seconds: number }>('busy', (p) => `Đăng nhập sai quá nhiều lần từ địa chỉ này. ${tryAgainIn(p.seconds)}`),
  wrongCurrentPassword: entry<Record<string, never>>('invalid', () => 'Mật khẩu hiện tại không đúng.'),
  csrfMissing: entry<Record<string, never>>('forbidden', () => 'Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang.'),
  roleNotAllowed: entry<Record<string, never>>('forbidden', () => 'Vai trò của bạn không được làm việc này.'),
  accountExists: entry<{ username: string }>('conflict', (p) => `Đã có tài khoản "${p.username}".`),
  selfLockout: entry<Record<string, never>>('invalid', () => 'Không thể tự khoá hoặc tự bỏ quyền quản trị của mình.'),
  unknownAccount: entry<Record<string, never>>('notFound', () => 'Không có tài khoản này.'),
  throttleGone: entry<Record<string, never>>('notFound', () => 'Không còn giới hạn này (có thể đã hết hạn).'),
  referredSupervisorOnly: entry<Record<string, never>>('forbidden', () => 'Chỉ giám sát viên xử lý các mục được chuyển lên.'),
  transcriptionNotAllowed: entry<Record<string, never>>('forbidden', () => 'Vai trò của bạn không chép chữ viết tay.'),
  itemReferred: entry<Record<string, never>>('forbidden', () => 'Mục này đã chuyển cho giám sát viên.'),
  itemNotYours: entry<Record<string, never>>('forbidden', () => 'Mục này không phải của bạn.'),
  reviewItemNotFound: entry<Record<string, never>>('notFound', () => 'Không tìm thấy mục cần duyệt.'),

  // Requests to the server
  invalidInput: entry<{ field: string; problem: string }>('invalid', (p) => `Dữ liệu không hợp lệ (${p.field}): ${p.problem}`),
  bodyTooLarge: entry<Record<string, never>>('tooLarge', () => 'Dữ liệu gửi lên quá lớn.'),
  bodyNotJson: entry<Record<string, never>>('invalid', () => 'Dữ liệu gửi lên không phải JSON hợp lệ.'),
  badRequest: entry<{ status: number }>('invalid', (p) => `Yêu cầu không hợp lệ (mã ${p.status}).`),
  unknownApiPath: entry<{ method: string; path: string }>('notFound', (p) => `Không có đường dẫn ${p.method} ${p.path}`),
  unknownPage: entry<Record<string, never>>('notFound', () => 'Không có trang này.'),
  pageHasNoImage: entry<Record<string, never>>('notFound', () => 'Trang này không có ảnh.'),
  pageImageMissing: entry<Record<string, never>>('notFound', () => 'Không tìm thấy ảnh trang.'),
  questionHasNoImage: entry<Record<string, never>>('notFound', () => 'Không có ảnh cho câu hỏi này.'),
  questionHasNoTextClip: entry<Record<string, never>>('notFound', () => 'Không có ảnh chữ viết cho câu hỏi này.'),
  scannedPageNotFound: entry<Record<string, never>>('notFound', () => 'Không tìm thấy trang.'),
  formNotFound: entry<{ serial: number }>('notFound', (p) => `Không có phiếu số ${p.serial}.`),
  formNotFoundByNumber: entry<{ typed: string }>('notFound', (p) => `Không có phiếu nào có số phiếu hoặc mã hồ sơ ${p.typed}.`),
  pageLayoutUnknown: entry<Record<string, never>>('notFound', () => 'Không tìm thấy bố cục của trang này.'),
  undoNothing: entry<Record<string, never>>('notFound', () => 'Không có quyết định nào của bạn để hoàn tác.'),
  undoRoundClosed: entry<{ at: string }>('conflict', (p) => `Không hoàn tác được: đợt khảo sát đã khép lại và công bố kết quả lúc ${p.at}.`),
  undoAfterExport: entry<{ questionId: string; serial: number; actor: string; at: string }>(
    'conflict',
    (p) => `Không hoàn tác được câu ${p.questionId} của phiếu ${p.serial}: kết quả đã được ${p.actor} xuất lúc ${p.at}, sau quyết định này, nên số liệu đã xuất sẽ không còn khớp. Hãy báo giám sát viên.`,
  ),
  maintenanceTasksAdminOnly: entry<Record<string, never>>('forbidden', () => 'Chỉ quản trị viên xem được việc sao lưu và xoá dữ liệu.'),
  uploadNotReading: entry<Record<string, never>>('conflict', () => 'Tệp này không còn đang được đọc (đã xong hoặc chưa bắt đầu).'),
  markBatchNotFound: entry<{ batch: number }>('notFound', (p) => `Không có đợt quét số ${p.batch}.`),
  markCutOutOfBounds: entry<{ problem: string }>('invalid', (p) => `Ngưỡng dấu không dùng được: ${p.problem}`),
  registerTooLarge: entry<{ limit: number }>('tooLarge', (p) => `Tệp sổ quá lớn (giới hạn ${megabytes(p.limit)}).`),
  registerUploadGone: entry<Record<string, never>>('notFound', () => 'Không còn tệp sổ đã tải lên; hãy chọn lại tệp.'),
  printBusy: entry<Record<string, never>>('conflict', () => 'Bạn đang in một lô phiếu khác; chờ lô đó xong rồi in tiếp.'),
  everyonePrinted: entry<Record<string, never>>('conflict', () => 'Mọi người trong mẫu đã có phiếu; không in thêm.'),
  invalidResultSettings: entry<{ problems: string[] }>('invalid', (p) => `Thiết lập tính kết quả không hợp lệ — ${p.problems.join('; ')}`),
  invalidBackupSchedule: entry<{ problems: string[] }>('invalid', (p) => `Lịch sao lưu không hợp lệ: ${p.problems.join('; ')}`),
  invalidScanSettings: entry<{ problems: string[] }>('invalid', (p) => `Thiết lập đọc bản quét không hợp lệ: ${p.problems.join('; ')}`),
  personEraseWaiting: entry<{ items: number }>('conflict', (p) => `Còn ${p.items} mục trên phiếu của người này chờ duyệt: duyệt xong rồi mới xoá dữ liệu cá nhân.`),
  personQueryNeeded: entry<Record<string, never>>('invalid', () => 'Cần số điện thoại, họ tên hoặc mã hồ sơ của người cần tìm.'),
  personPhoneInvalid: entry<{ reason: string }>('invalid', (p) => `Số điện thoại cần tìm không dùng được: ${p.reason}.`),
  personNotFound: entry<Record<string, never>>('notFound', () => 'Không tìm thấy dữ liệu nào của người này.'),
  personCorrectionTarget: entry<{ target: string }>('invalid', (p) => `Không sửa được: ${p.target} không thuộc dữ liệu của người này, hoặc không phải họ tên, số điện thoại, địa chỉ.`),
  invalidReportTemplate: entry<{ problems: string[] }>('invalid', (p) => `Mẫu văn bản báo cáo không hợp lệ: ${p.problems.join('; ')}`),
  invalidOfficeLevels: entry<{ problems: string[] }>('invalid', (p) => `Danh sách cấp cơ quan không hợp lệ: ${p.problems.join('; ')}`),
  invalidOfficeChange: entry<{ problems: string[] }>('invalid', (p) => `Thông tin cơ quan không hợp lệ: ${p.problems.join('; ')}`),
  officeNeedsName: entry<{ office: string }>('invalid', (p) => `Cơ quan "${p.office}" chưa có trong danh sách: cần --name (tên cơ quan) để thêm mới.`),
  unknownParent: entry<{ office: string; parent: string; known: string[] }>(
    'invalid',
    (p) => `Cơ quan "${p.office}": không có cơ quan cấp trên "${p.parent}" trong danh sách (các mã đã có: ${listed(p.known)}).`,
  ),
  officeCycle: entry<{ path: string[] }>('invalid', (p) => `Không thể đặt cơ quan cấp trên như vậy: cây cơ quan sẽ thành vòng lặp (${p.path.join(' → ')}).`),
  levelInUse: entry<{ level: string; offices: string[] }>(
    'conflict',
    (p) => `Không bỏ được cấp "${p.level}": còn ${p.offices.length} cơ quan thuộc cấp này (${listed(p.offices)}). Đổi cấp của các cơ quan đó trước.`,
  ),
  officeInactive: entry<{ office: string; until: string; act: 'draw' | 'kiosk' | 'blankForms' }>(
    'invalid',
    (p) => `${p.office} đã ngừng hoạt động (đến ${p.until}): không ${{ draw: 'chọn mẫu', kiosk: 'lập ki-ốt', blankForms: 'in phiếu trắng' }[p.act]} cho cơ quan này nữa. Số liệu cũ của cơ quan vẫn được tính trong báo cáo kỳ trước.`,
  ),
  officePeriodReversed: entry<{ office: string; from: string; to: string }>('invalid', (p) => `Cơ quan "${p.office}": ngày ngừng hoạt động ${p.to} trước ngày bắt đầu ${p.from}.`),
  serverError: entry<Record<string, never>>('unavailable', () => 'Lỗi máy chủ. Việc đã lưu không bị mất; hãy thử lại hoặc báo quản trị.'),

  // Scans sent to the server
  unknownStation: entry<Record<string, never>>('unauthorized', () => 'Mã trạm quét không hợp lệ hoặc đã bị thu hồi.'),
  tooManyClaims: entry<{ perMinute: number; seconds: number }>('busy', (p) => `Bạn đã nhận quá ${p.perMinute} mục trong một phút. ${tryAgainIn(p.seconds)}`),
  tooManyStationTokens: entry<{ seconds: number }>('busy', (p) => `Địa chỉ này đã gửi sai mã trạm quét quá nhiều lần. ${tryAgainIn(p.seconds)}`),
  scanQueueFull: entry<Record<string, never>>('busy', () => 'Hàng đợi quét đang đầy. Hãy chờ các tệp trước được đọc xong rồi gửi tiếp.'),
  diskAlmostFull: entry<Record<string, never>>('noSpace', () => 'Máy chủ sắp hết dung lượng đĩa; không nhận thêm tệp.'),
  emptyFile: entry<Record<string, never>>('invalid', () => 'Tệp rỗng.'),
  notAScanFile: entry<{ file: string }>('unsupported', (p) => `"${p.file}" không phải tệp quét (PDF, TIFF, JPEG hoặc PNG).`),
  checksumMismatch: entry<Record<string, never>>('invalid', () => 'Tệp nhận được không khớp mã sha256 đã khai (đường truyền lỗi); hãy gửi lại.'),

  // Upkeep
  folderNotEmpty: entry<{ folder: string; purpose: 'backup' | 'restore' }>(
    'conflict',
    (p) => `Thư mục ${p.folder} không trống: ${p.purpose === 'backup' ? 'bản sao lưu cần một thư mục mới' : 'hãy khôi phục vào một thư mục mới'}.`,
  ),
  backupUnchecked: entry<{ finding: string }>('unavailable', (p) => `Bản sao lưu không qua được bước kiểm tra toàn vẹn: ${p.finding}`),
  notABackup: entry<{ folder: string; file: string }>('invalid', (p) => `Thư mục ${p.folder} không có ${p.file}: không phải bản sao lưu của phieu.`),
  backupBroken: entry<Record<string, never>>('invalid', () => 'Bản sao lưu bị hỏng (không qua được bước kiểm tra toàn vẹn).'),
  storedJsonDamaged: entry<{ table: string; row: string | number; problems: string[] }>(
    'conflict',
    (p) => `Dữ liệu lưu trong bảng ${p.table}, dòng ${p.row} bị hỏng hoặc do một phieu mới hơn ghi (${p.problems.join('; ')}); phieu không dùng nó. Hãy khôi phục từ bản sao lưu hoặc báo quản trị.`,
  ),
  databaseTooNew: entry<{ version: number; known: number }>('conflict', (p) => `Cơ sở dữ liệu ở phiên bản ${p.version}, mới hơn phiên bản phieu này hiểu (${p.known}). Hãy cập nhật phieu; chưa có gì bị thay đổi.`),
  keyFileUnusable: entry<{ file: string }>('invalid', (p) => `Tệp khoá ${p.file} không dùng được (cần ít nhất 32 chữ số hệ mười sáu). Hãy khôi phục nó từ bản sao lưu.`),
  badProxySetting: entry<{ value: string }>(
    'invalid',
    (p) => `Cài đặt proxy (PHIEU_TRUST_PROXY hoặc --trust-proxy) có "${p.value}" không hợp lệ: cần loopback, các địa chỉ IP hoặc dải địa chỉ (10.0.0.0/8) cách nhau bởi dấu phẩy, hoặc số proxy đứng trước.`,
  ),
  weakFirstAdminPassword: entry<{ problems: string[] }>('invalid', (p) => `Mật khẩu quản trị đầu tiên (PHIEU_ADMIN_PASSWORD) không dùng được: ${p.problems.join('; ')}.`),
  purgeRefused: entry<{ blockers: string[] }>('conflict', (p) => `Chưa xoá được dữ liệu cá nhân: ${p.blockers.join(' ')}`),
  ocrDataMissing: entry<{ file: string }>('unavailable', (p) => `Thiếu dữ liệu nhận dạng chữ tiếng Việt ${p.file} (hãy cài lại gói npm @tesseract.js-data/vie).`),
  ocrNotStarting: entry<{ file: string; reason: string }>('unavailable', (p) => `Không khởi động được bộ nhận dạng chữ tiếng Việt từ ${p.file}: ${p.reason}`),

  // Scan files that cannot be read; said after the file's name ("phieu-01.pdf: tệp PDF bị hỏng …")
  scanUnsupported: entry<Record<string, never>>('unsupported', () => 'không phải tệp ảnh quét mà phieu đọc được (cần PDF, TIFF, JPEG hoặc PNG)'),
  scanImageBroken: entry<{ format: string; reason: string }>('invalid', (p) => `tệp ${p.format} bị hỏng (${p.reason})`),
  scanPageNoSize: entry<{ page: number }>('invalid', (p) => `trang ${p.page} không có kích thước ảnh`),
  scanPageTooLarge: entry<{ page: number; width: number; height: number; maxPixels: number }>(
    'tooLarge',
    (p) => `trang ${p.page} chứa ảnh ${p.width} × ${p.height} điểm ảnh, vượt giới hạn ${(p.maxPixels / 1e6).toFixed(0)} megapixel (bị từ chối, không giải mã)`,
  ),
  scanPageUndecodable: entry<{ page: number; reason: string }>('invalid', (p) => `không giải mã được trang ${p.page} (${p.reason})`),
  scanPdfEncrypted: entry<Record<string, never>>('invalid', () => 'tệp PDF có mật khẩu bảo vệ; hãy quét lại và lưu không mã hoá'),
  scanPdfBroken: entry<{ reason: string }>('invalid', (p) => `tệp PDF bị hỏng (${p.reason})`),
  scanPdfEmpty: entry<Record<string, never>>('invalid', () => 'tệp PDF bị hỏng hoặc không có trang nào'),
  scanPdfTruncated: entry<{ page: number }>('invalid', (p) => `tệp PDF bị hỏng hoặc bị cắt cụt (chép dở?): trang ${p.page} thiếu phần nội dung mà nó trỏ tới`),
  scanPdfPageNotDrawn: entry<{ page: number; reason: string }>('invalid', (p) => `không dựng được trang ${p.page} của tệp PDF (${p.reason})`),
  scanPageFormLoop: entry<{ page: number }>('invalid', (p) => `trang ${p.page} có một khối nội dung (Form XObject) tự chứa chính nó, vẽ không bao giờ xong (bị từ chối, không giải mã)`),
  scanPageContentTooLarge: entry<{ page: number }>('tooLarge', (p) => `trang ${p.page} có nội dung nén phình ra quá lớn (bị từ chối, không giải mã)`),
  scanPagePixelsTooMany: entry<{ page: number; images: number; pixels: number; maxPixels: number }>(
    'tooLarge',
    (p) => `trang ${p.page} chứa ${p.images} ảnh, tổng cộng ${(p.pixels / 1e6).toFixed(0)} megapixel, vượt giới hạn ${(p.maxPixels / 1e6).toFixed(0)} megapixel một trang (bị từ chối, không giải mã)`,
  ),

  // What a scanning station hears back from the server
  serverRefused: entry<{ reason: string }>('invalid', (p) => `Máy chủ từ chối: ${p.reason}`),
  serverFailed: entry<{ reason: string }>('unavailable', (p) => `Máy chủ chưa nhận được: ${p.reason}`),
  fileTooLarge: entry<{ limit: number }>('tooLarge', (p) => `Tệp quá lớn (giới hạn ${megabytes(p.limit)}).`),
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

/** Whether an error is the refusal of this code (its parameters then typed). */
export function isPhieuError<C extends ErrorCode>(error: unknown, code: C): error is PhieuError<C> {
  return error instanceof PhieuError && error.code === code;
}
