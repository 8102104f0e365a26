import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { recheckCsv, sampleListCsv, sampleListXlsx } from '../io/sampleListFiles.js';
import { loadSurveyDefinition } from '../io/surveyFiles.js';
import { layoutForm } from '../layout/layoutForm.js';
import { printForms } from '../print/printForms.js';
import { printSampleList } from '../print/sampleList.js';
import { demoRegisterCases, registerCsvLines } from '../sampling/demoRegister.js';
import { FIELD_STATE_LABELS, FIELD_STATUSES, type FieldStatus } from '../sampling/fieldStatus.js';
import { FIELD_LABELS, parseDate, type ColumnMapping, type RegisterField } from '../sampling/registerRow.js';
import { describeTiers, sampleTiersSchema } from '../sampling/tiers.js';
import { audit } from '../store/db.js';
import { surveyOfSerial } from '../store/printRuns.js';
import { currentDrawOf, officeSampleProgress, recheckList, recordRecheckOutcome } from '../store/sampling.js';
import { drawAndStore, NO_ACTIVE_OFFICE, redrawOffice, skippedSentence } from '../planning/draw.js';
import { assignRoutes, enumeratorProgress, exportSampleList, type RouteShare } from '../planning/enumerators.js';
import { recordOfficeForms } from '../planning/formRuns.js';
import { markFieldStatus } from '../planning/fieldStatus.js';
import { drawRecheck } from '../planning/recheck.js';
import { importRegister } from '../planning/registerImport.js';
import { loadSampleTiers, saveSampleTiers } from '../planning/tiers.js';
import { RECHECK_OUTCOMES, RECHECK_OUTCOME_LABELS, type RecheckOutcome } from '../sampling/sampleList.js';
import { progressBar, report, secretOf, withDatabase, withDatabaseAsync, type GlobalOptions } from './context.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseMapping(pairs: string[]): ColumnMapping {
  const fields = Object.keys(FIELD_LABELS) as RegisterField[];
  return Object.fromEntries(
    pairs.map((pair) => {
      const [field, header] = pair.split('=', 2);
      if (!fields.includes(field as RegisterField) || !header) throw new PhieuError('optionMapPair', { pair, fields });
      return [field, header];
    }),
  );
}

/** A date option in dd/mm/yyyy or yyyy-mm-dd, as an ISO date. */
function dateOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseDate(value);
  if (!iso) throw new PhieuError('optionNotDate', { option: flag, value });
  return iso;
}

function shareOption(value: string, flag: string, max: number): number {
  const share = Number(value);
  if (!(share >= 0 && share <= max)) throw new PhieuError('optionNotNumber', { option: flag, value, min: 0, max, whole: false });
  return share;
}

/** The draw given, else the one whose list of the office is in use. */
const drawOption = (value: string | undefined, db: Parameters<typeof currentDrawOf>[0], officeCode: string) => (value ? Number(value) : currentDrawOf(db, officeCode));
const newSeed = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);

/** Records and prints personalised forms of an office's sample (all members without one, or the cases given). */
async function printSampleForms(g: GlobalOptions, request: { drawId?: string; officeCode: string; surveyId: string; caseCodes?: string[]; out: string; actor: string }) {
  const survey = loadSurveyDefinition(request.surveyId);
  const layout = layoutForm(survey);
  const copies = withDatabase(g, (db) =>
    recordOfficeForms(db, {
      survey,
      layout,
      officeCode: request.officeCode,
      draw: request.drawId ? Number(request.drawId) : undefined,
      caseCodes: request.caseCodes,
      fileName: path.basename(request.out),
      actor: request.actor,
    }),
  );
  if (!copies.length) return copies;
  const bar = progressBar(g, 'In phiếu', copies.length);
  await printForms(layout, copies, fs.createWriteStream(request.out), { secret: secretOf(g), title: survey.title, onProgress: (done) => bar.update(done) }).finally(() => bar.stop());
  return copies;
}

export function registerSamplingCommands(program: Command, globals: () => GlobalOptions): void {
  const register = program.command('register').description('sổ hồ sơ đã giải quyết');
  register
    .command('import')
    .description('nhập sổ hồ sơ (CSV UTF-8/UTF-16 ngăn cách bằng , ; hoặc tab, hoặc XLSX); dòng lỗi được liệt kê, và tệp có dòng lỗi không được lưu nếu không có --accept-partial')
    .argument('<tệp>')
    .option('--map <trường=Tiêu-đề>', `cột của một trường khi không nhận ra tiêu đề cột (lặp lại được; các trường: ${Object.keys(FIELD_LABELS).join(', ')})`, collect)
    .option('--period-from <ngày>', 'chỉ giữ hồ sơ trả kết quả từ ngày này')
    .option('--period-to <ngày>', 'chỉ giữ hồ sơ trả kết quả đến hết ngày này')
    .option('--accept-partial', 'lưu các dòng tốt của tệp có dòng lỗi')
    .option('--actor <tên>', 'người nhập (ghi vào nhật ký)', 'cli')
    .action(async (file: string, options: { map?: string[]; periodFrom?: string; periodTo?: string; acceptPartial?: boolean; actor: string }) => {
      const g = globals();
      const mapping = parseMapping(options.map ?? []);
      const periodFrom = dateOption(options.periodFrom, '--period-from');
      const periodTo = dateOption(options.periodTo, '--period-to');
      const bar = progressBar(g, 'Nhập sổ (%)', 100);
      const result = await withDatabaseAsync(g, (db) =>
        importRegister(db, path.resolve(file), {
          actor: options.actor,
          mapping,
          periodFrom,
          periodTo,
          acceptPartial: options.acceptPartial,
          onProgress: (p) => bar.update(Math.floor((100 * p.bytes) / Math.max(1, p.totalBytes))),
        }),
      ).finally(() => bar.stop());
      const lines = !result.stored
        ? [`${result.file}: ${result.rowsRead} dòng, ${result.bad.length} lỗi — chưa lưu gì. Sửa các dòng lỗi rồi nhập lại, hoặc thêm --accept-partial để chỉ lưu ${result.goodRows} dòng không lỗi.`]
        : result.alreadyImported
          ? [`${result.file}: tệp này đã được nhập trước đó; không thêm gì.`]
          : [
              `${result.file}: ${result.rowsRead} dòng, giữ ${result.kept} hồ sơ của ${result.offices} cơ quan, ${result.alreadyKnown} hồ sơ đã có từ trước` +
                `${periodFrom || periodTo ? `, ${result.outsidePeriod} hồ sơ ngoài kỳ` : ''}, ${result.bad.length} lỗi.`,
            ];
      if (result.newOffices.length) {
        lines.push(
          `  Cơ quan mới trong danh sách cơ quan (xem và xếp cấp bằng phieu offices list / set): ` +
            result.newOffices.map((o) => `${o.code} [${o.note}]`).join('; '),
        );
      }
      for (const e of result.bad.slice(0, 30)) lines.push(`  dòng ${e.row}, cột "${e.column}": ${e.reason}`);
      if (result.bad.length > 30) lines.push(`  … và ${result.bad.length - 30} lỗi khác (xem --json)`);
      report(g, result, lines.join('\n'));
      if (!result.stored) process.exitCode = 1;
    });
  register
    .command('demo')
    .description('ghi một sổ hồ sơ mẫu giống thật (một vùng của Huế, đủ mọi bậc cỡ mẫu) ra tệp CSV')
    .requiredOption('--out <tệp>')
    .option('--seed <hạt-giống>', 'hạt giống ngẫu nhiên', 'phieu-demo')
    .option('--cases <số>', 'tổng số hồ sơ (tỉ lệ giữa các cơ quan giữ nguyên)')
    .action(async (options: { out: string; seed: string; cases?: string }) => {
      const cases = options.cases === undefined ? undefined : Number(options.cases);
      if (cases !== undefined && !(Number.isInteger(cases) && cases > 0)) throw new PhieuError('optionNotNumber', { option: '--cases', value: String(options.cases), min: 1, whole: true });
      let written = 0;
      const counted = function* () {
        for (const c of demoRegisterCases({ seed: options.seed, cases })) {
          written++;
          yield c;
        }
      };
      await pipeline(Readable.from(registerCsvLines(counted())), fs.createWriteStream(options.out));
      report(globals(), { file: options.out, cases: written }, `Đã ghi sổ mẫu ${written} hồ sơ vào ${options.out}`);
    });

  const sample = program.command('sample').description('chọn mẫu và theo dõi phát phiếu');
  sample
    .command('tiers')
    .description('xem hoặc đặt các bậc cỡ mẫu tối thiểu')
    .option('--set <json>', 'các bậc mới, ví dụ [{"below":100,"sample":"all"},{"below":1000,"sample":100},{"below":5000,"sample":200},{"below":null,"sample":500}]')
    .option('--actor <tên>', 'người thay đổi', 'cli')
    .action((options: { set?: string; actor: string }) => {
      const g = globals();
      const tiers = withDatabase(g, (db) => (options.set ? saveSampleTiers(db, JSON.parse(options.set), options.actor) : loadSampleTiers(db)));
      report(g, tiers, `Cỡ mẫu tối thiểu: ${describeTiers(tiers)}`);
    });
  sample
    .command('draw')
    .description('chọn danh sách chính thức và dự phòng cho mọi cơ quan chưa có danh sách của kỳ (danh sách đã chọn được giữ nguyên; lưu kèm hạt giống và tham số)')
    .option('--seed <hạt-giống>', 'hạt giống của lần chọn (mặc định: thời điểm hiện tại)')
    .option('--reserve-share <tỉ-lệ>', 'cỡ danh sách dự phòng, tính theo tỉ lệ của danh sách chính thức', '0.2')
    .option('--period-from <ngày>', 'hồ sơ trả kết quả từ ngày này')
    .option('--period-to <ngày>', 'hồ sơ trả kết quả đến hết ngày này')
    .option('--tiers <json>', 'bậc cỡ mẫu tối thiểu chỉ cho lần chọn này (mặc định: bậc đã cài đặt)')
    .option('--redraw <mã-cơ-quan>', 'chọn lại danh sách của cơ quan này, thay danh sách cũ (bị từ chối khi đã in phiếu nào của cơ quan)')
    .option('--actor <tên>', 'người chọn mẫu', 'cli')
    .action((options: { seed?: string; reserveShare: string; periodFrom?: string; periodTo?: string; tiers?: string; redraw?: string; actor: string }) => {
      const g = globals();
      const reserveShare = shareOption(options.reserveShare, '--reserve-share', 5);
      const tiers = options.tiers ? sampleTiersSchema.parse(JSON.parse(options.tiers)) : undefined;
      const seed = options.seed ?? newSeed();
      const periodFrom = dateOption(options.periodFrom, '--period-from');
      const periodTo = dateOption(options.periodTo, '--period-to');
      if (options.redraw && (periodFrom || periodTo)) throw new PhieuError('redrawKeepsPeriod', {});
      const { drawId, offices, kept, skipped } = withDatabase(g, (db) =>
        options.redraw
          ? redrawOffice(db, { officeCode: options.redraw, seed, reserveShare, tiers, actor: options.actor })
          : drawAndStore(db, { seed, reserveShare, tiers, periodFrom, periodTo, actor: options.actor }),
      );
      const lines =
        drawId === null && !kept.length
          ? [NO_ACTIVE_OFFICE]
          : drawId === null
          ? [`Mọi cơ quan đã có danh sách mẫu của kỳ này (${kept.length} cơ quan): giữ nguyên, không chọn lại. Chọn lại một cơ quan: phieu sample draw --redraw <mã cơ quan>`]
          : [`Lần chọn mẫu ${drawId} (hạt giống "${seed}"): ${offices.length} cơ quan${!options.redraw && kept.length ? `; giữ nguyên danh sách đã có của ${kept.length} cơ quan` : ''}`];
      for (const o of offices) lines.push(`  ${o.officeCode}: ${o.cases} hồ sơ → mẫu ${o.official.length}/${o.required}, dự phòng ${o.reserve.length}${o.short ? ' — THIẾU MẪU (lấy toàn bộ)' : ''}`);
      const skippedNote = skippedSentence(skipped);
      if (skippedNote) lines.push(skippedNote);
      report(g, { drawId, seed, offices, kept, skipped }, lines.join('\n'));
    });
  sample
    .command('progress')
    .description('theo từng cơ quan: cỡ mẫu tối thiểu, số người trong mẫu, số phiếu đã in, đã phát, đã thu')
    .option('--draw <số>', 'lần chọn mẫu (mặc định: danh sách đang dùng của mỗi cơ quan)')
    .option('--by-enumerator', 'theo từng điều tra viên của mỗi cơ quan (các tuyến đã giao)')
    .action((options: { draw?: string; byEnumerator?: boolean }) => {
      const g = globals();
      if (options.byEnumerator) {
        const rows = withDatabase(g, (db) => enumeratorProgress(db, options.draw));
        const line = (r: (typeof rows)[number]) =>
          `${r.officeCode} — ${r.enumerator ?? 'chưa giao điều tra viên'}: ${r.routes} tuyến, trong mẫu ${r.inSample}, đã in ${r.printed}, đã phát ${r.handedOut}, đã thu ${r.returned}, từ chối/không liên lạc ${r.refusedOrUnreachable}`;
        return report(g, rows, rows.length ? rows.map(line).join('\n') : 'Chưa chọn mẫu: chưa có danh sách mẫu nào.');
      }
      const rows = withDatabase(g, (db) => officeSampleProgress(db, options.draw));
      const line = (r: (typeof rows)[number]) =>
        `${r.officeName}: tối thiểu ${r.required}, trong mẫu ${r.inSample}, đã in ${r.printed}, đã phát ${r.handedOut}, đã thu ${r.returned}, ` +
        `từ chối/không liên lạc ${r.refusedOrUnreachable}, còn dự phòng ${r.reserveLeft}${r.short ? ' — THIẾU MẪU' : ''}`;
      report(g, rows, rows.length ? rows.map(line).join('\n') : 'Chưa chọn mẫu: chưa có danh sách mẫu nào. Nhập sổ hồ sơ (phieu register import) rồi chọn mẫu (phieu sample draw).');
    });
  sample
    .command('list')
    .description('danh sách mẫu của một cơ quan cho điều tra viên (PDF, XLSX hoặc CSV)')
    .requiredOption('--office <mã>')
    .requiredOption('--out <tệp>')
    .option('--format <định-dạng>', 'pdf | xlsx | csv (mặc định: theo đuôi tên tệp)')
    .option('--by-route', 'mỗi tuyến một danh sách (phường, xã của địa chỉ)')
    .option('--enumerator <tên>', 'chỉ các tuyến đã giao cho điều tra viên này, mỗi tuyến một danh sách')
    .option('--draw <số>', 'lần chọn mẫu (mặc định: danh sách đang dùng của cơ quan)')
    .option('--actor <tên>', 'người xuất (danh sách có dữ liệu cá nhân)', 'cli')
    .action(async (options: { office: string; out: string; format?: string; byRoute?: boolean; enumerator?: string; draw?: string; actor: string }) => {
      const g = globals();
      const format = options.format ?? path.extname(options.out).slice(1).toLowerCase();
      if (!['pdf', 'xlsx', 'csv'].includes(format)) throw new PhieuError('optionOneOf', { option: '--format', value: format, allowed: ['pdf', 'xlsx', 'csv'] });
      const byRoute = Boolean(options.byRoute || options.enumerator);
      const { header, rows } = withDatabase(g, (db) =>
        exportSampleList(db, { officeCode: options.office, draw: options.draw ? Number(options.draw) : undefined, enumerator: options.enumerator, format, byRoute, actor: options.actor }),
      );
      if (format === 'pdf') await printSampleList(header, rows, fs.createWriteStream(options.out), { byRoute });
      else fs.writeFileSync(options.out, format === 'csv' ? sampleListCsv(rows, { byRoute }) : await sampleListXlsx(header, rows, { byRoute }));
      report(g, { file: options.out, rows: rows.length }, `Đã ghi danh sách ${rows.length} người của ${header.officeName}${options.enumerator ? ` (điều tra viên ${options.enumerator})` : ''} vào ${options.out}`);
    });
  sample
    .command('routes')
    .description('các tuyến (phường, xã) trong danh sách mẫu của một cơ quan và điều tra viên mang từng tuyến; giao hoặc chia tuyến')
    .requiredOption('--office <mã>')
    .option('--split <tên,tên,…>', 'chia đều mọi tuyến cho các điều tra viên này (mỗi tuyến trọn cho một người)')
    .option('--assign <tuyến=tên>', 'giao một tuyến cho một điều tra viên (lặp lại được)', collect)
    .option('--draw <số>', 'lần chọn mẫu (mặc định: danh sách đang dùng của cơ quan)')
    .option('--actor <tên>', 'người giao tuyến', 'cli')
    .action((options: { office: string; split?: string; assign?: string[]; draw?: string; actor: string }) => {
      const g = globals();
      const assign = (options.assign ?? []).map((pair) => {
        const at = pair.lastIndexOf('=');
        if (at <= 0) throw new PhieuError('optionRouteAssignment', { pair });
        return { route: pair.slice(0, at), enumerator: pair.slice(at + 1) };
      });
      const splitAmong = options.split?.split(',').map((n) => n.trim()).filter(Boolean);
      const routes = withDatabase(g, (db) => {
        const drawId = drawOption(options.draw, db, options.office);
        return assignRoutes(db, { officeCode: options.office, draw: drawId, assign, splitAmong, actor: options.actor });
      });
      const line = (r: RouteShare) => `${r.route}: ${r.people} người — ${r.enumerator ?? 'chưa giao'}`;
      report(g, routes, routes.map(line).join('\n'));
    });
  sample
    .command('print-forms')
    .alias('forms')
    .description('in phiếu ghi sẵn tên cho mẫu của một cơ quan theo thứ tự danh sách (những người chưa có phiếu, hoặc chỉ --case)')
    .requiredOption('--office <mã>')
    .requiredOption('--out <tệp>')
    .option('--survey <mã>', 'mẫu phiếu', 'sipas')
    .option('--case <mã-hồ-sơ>', 'chỉ hồ sơ này, ví dụ người thay thế (lặp lại được)', collect)
    .option('--draw <số>', 'lần chọn mẫu (mặc định: danh sách đang dùng của cơ quan)')
    .option('--actor <tên>', 'người in', 'cli')
    .action(async (options: { office: string; out: string; survey: string; case?: string[]; draw?: string; actor: string }) => {
      const g = globals();
      const copies = await printSampleForms(g, { drawId: options.draw, officeCode: options.office, surveyId: options.survey, caseCodes: options.case, out: options.out, actor: options.actor });
      if (!copies.length) return report(g, { file: null, copies: 0, serials: [] }, 'Mọi người trong mẫu đã có phiếu; không in thêm.');
      report(g, { file: options.out, copies: copies.length, serials: copies.map((c) => c.serial) }, `Đã in ${copies.length} phiếu (số ${copies[0].serial}–${copies.at(-1)!.serial}) vào ${options.out}`);
    });
  sample
    .command('status')
    .description('ghi nhận tình trạng phát phiếu ngoài thực địa; từ chối/không liên lạc được thì người dự phòng kế tiếp được đưa vào mẫu')
    .argument('<số-phiếu-hoặc-mã-hồ-sơ>', 'số phiếu hoặc mã hồ sơ')
    .argument('<trạng-thái>', FIELD_STATUSES.map((s) => `${s} (${FIELD_STATE_LABELS[s]})`).join(' | '))
    .option('--print-replacement <tệp>', 'in riêng phiếu của người dự phòng được đưa vào mẫu ra tệp PDF này')
    .option('--survey <mã>', 'mẫu phiếu của phiếu thay thế (mặc định: mẫu của phiếu được ghi nhận, nếu không có thì sipas)')
    .option('--actor <tên>', 'người ghi nhận', 'cli')
    .action(async (target: string, status: string, options: { printReplacement?: string; survey?: string; actor: string }) => {
      const g = globals();
      if (!FIELD_STATUSES.includes(status as FieldStatus)) throw new PhieuError('optionOneOf', { option: 'trạng thái', value: status, allowed: FIELD_STATUSES });
      const bySerial = /^\d{1,9}$/.test(target);
      const { result, formSurvey } = withDatabase(g, (db) => {
        const marked = markFieldStatus(db, { ...(bySerial ? { serial: Number(target) } : { caseCode: target }), status: status as FieldStatus, actor: options.actor });
        const survey = marked.serial === null ? undefined : surveyOfSerial(db, marked.serial);
        return { result: marked, formSurvey: survey };
      });
      let printed: { file: string; serial: number } | null = null;
      if (options.printReplacement && result.replacement && result.drawId !== null && result.officeCode !== null) {
        const copies = await printSampleForms(g, {
          drawId: String(result.drawId),
          officeCode: result.officeCode,
          surveyId: options.survey ?? formSurvey ?? 'sipas',
          caseCodes: [result.replacement],
          out: options.printReplacement,
          actor: options.actor,
        });
        if (copies.length) printed = { file: options.printReplacement, serial: copies[0].serial };
      }
      const replaced = result.replacement
        ? `; người thay thế: hồ sơ ${result.replacement}${printed ? `, phiếu số ${printed.serial} in vào ${printed.file}` : ` (in riêng: phieu sample print-forms --office ${result.officeCode} --case ${result.replacement} --out …)`}`
        : status === 'refused' || status === 'unreachable'
          ? '; không còn người dự phòng'
          : '';
      report(g, { ...result, printed }, `Hồ sơ ${result.caseCode}: ${FIELD_STATE_LABELS[status as FieldStatus]}${replaced}`);
    });

  const recheck = program.command('recheck').description('phúc tra: gọi điện kiểm tra lại một phần số phiếu đã thu');
  recheck
    .command('draw')
    .description('chọn ngẫu nhiên một tỉ lệ phiếu đã thu có số điện thoại trong hồ sơ')
    .option('--share <tỉ-lệ>', 'tỉ lệ phiếu đã thu cần phúc tra', '0.1')
    .option('--seed <hạt-giống>', 'hạt giống (mặc định: thời điểm hiện tại)')
    .option('--actor <tên>', 'người chọn', 'cli')
    .action((options: { share: string; seed?: string; actor: string }) => {
      const g = globals();
      const share = shareOption(options.share, '--share', 1);
      const drawn = withDatabase(g, (db) => drawRecheck(db, { share, seed: options.seed ?? newSeed(), actor: options.actor }));
      report(g, drawn, `Đã chọn ${drawn.length} phiếu để phúc tra.`);
    });
  recheck
    .command('export')
    .description('danh sách phúc tra kèm số điện thoại, dạng CSV để nhắn tin hoặc gọi (có dữ liệu cá nhân; ghi nhật ký)')
    .requiredOption('--out <tệp>')
    .option('--actor <tên>', 'người xuất', 'cli')
    .action((options: { out: string; actor: string }) => {
      const g = globals();
      const rows = withDatabase(g, (db) => {
        const list = recheckList(db);
        audit(db, options.actor, 'recheck.export', { file: path.basename(options.out), rows: list.length });
        return list;
      });
      fs.writeFileSync(options.out, recheckCsv(rows));
      report(g, { file: options.out, rows: rows.length }, `Đã ghi ${rows.length} dòng phúc tra vào ${options.out}`);
    });
  recheck
    .command('record')
    .description('ghi kết quả cuộc gọi phúc tra; phiếu bị người dân phủ nhận không được tính vào kết quả')
    .argument('<số-phiếu>')
    .argument('<kết-quả>', RECHECK_OUTCOMES.map((o) => `${o} (${RECHECK_OUTCOME_LABELS[o]})`).join(' | '))
    .option('--actor <tên>', 'người gọi', 'cli')
    .action((serial: string, outcome: string, options: { actor: string }) => {
      const g = globals();
      if (!RECHECK_OUTCOMES.includes(outcome as RecheckOutcome)) throw new PhieuError('optionOneOf', { option: 'kết quả', value: outcome, allowed: RECHECK_OUTCOMES });
      if (!/^\d{1,9}$/.test(serial)) throw new PhieuError('optionNotNumber', { option: 'số phiếu', value: serial, min: 1, max: 999_999_999, whole: true });
      withDatabase(g, (db) => recordRecheckOutcome(db, { serial: Number(serial), outcome: outcome as RecheckOutcome, actor: options.actor }));
      report(g, { serial: Number(serial), outcome }, `Phiếu ${serial}: ${RECHECK_OUTCOME_LABELS[outcome as RecheckOutcome]}${outcome === 'denied' ? ' — phiếu bị đánh dấu, không được tính' : ''}`);
    });
}
