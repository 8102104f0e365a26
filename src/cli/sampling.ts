import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { sampleListCsv, sampleListXlsx } from '../io/sampleListFiles.js';
import { loadSurveyDefinition } from '../io/surveyFiles.js';
import { layoutForm } from '../layout/layoutForm.js';
import { printForms } from '../print/printForms.js';
import { printSampleList } from '../print/sampleList.js';
import { generateDemoRegister, registerCsv } from '../sampling/demoRegister.js';
import { FIELD_LABELS, type RegisterField } from '../sampling/registerRow.js';
import { DEFAULT_TIERS, sampleTiersSchema } from '../sampling/tiers.js';
import { audit } from '../store/db.js';
import { saveLayout } from '../store/printRuns.js';
import {
  drawAndStore,
  drawRecheck,
  FIELD_STATUSES,
  importRegister,
  latestDrawId,
  markFieldStatus,
  officeSampleProgress,
  RECHECK_OUTCOMES,
  recheckList,
  recordRecheckOutcome,
  recordSampleForms,
  sampleList,
  type FieldStatus,
} from '../store/sampling.js';
import { progressBar, report, secretOf, withDatabase, withDatabaseAsync, type GlobalOptions } from './context.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseMapping(pairs: string[]): Partial<Record<RegisterField, string>> {
  const fields = Object.keys(FIELD_LABELS) as RegisterField[];
  return Object.fromEntries(
    pairs.map((pair) => {
      const [field, header] = pair.split('=', 2);
      if (!fields.includes(field as RegisterField) || !header) throw new Error(`--map ${pair}: expected field=Header with field one of ${fields.join(', ')}`);
      return [field, header];
    }),
  );
}

const newSeed = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);

export function registerSamplingCommands(program: Command, globals: () => GlobalOptions): void {
  const register = program.command('register').description('sổ hồ sơ đã giải quyết (register of finished cases)');
  register
    .command('import')
    .description('import a register (CSV in UTF-8/UTF-16 with , ; or tab, or XLSX)')
    .argument('<file>')
    .option('--map <field=Header>', 'column for a field when its header is not recognised (repeatable)', collect)
    .option('--actor <name>', 'who imports (for the audit trail)', 'cli')
    .action(async (file: string, options: { map?: string[]; actor: string }) => {
      const g = globals();
      const bar = progressBar(g, 'Nhập sổ', 1);
      const result = await withDatabaseAsync(g, (db) =>
        importRegister(db, path.resolve(file), { actor: options.actor, mapping: parseMapping(options.map ?? []), onProgress: (done, total) => bar.setTotal(total, done) }),
      ).finally(() => bar.stop());
      const lines = result.alreadyImported
        ? [`${result.file}: tệp này đã được nhập trước đó; không thêm gì.`]
        : [`${result.file}: ${result.rowsRead} dòng, giữ ${result.kept} hồ sơ của ${result.offices} cơ quan, ${result.alreadyKnown} hồ sơ đã có từ trước, ${result.bad.length} lỗi.`];
      for (const e of result.bad.slice(0, 30)) lines.push(`  dòng ${e.row}, cột "${e.column}": ${e.reason}`);
      if (result.bad.length > 30) lines.push(`  … và ${result.bad.length - 30} lỗi khác (xem --json)`);
      report(g, result, lines.join('\n'));
    });
  register
    .command('demo')
    .description('write a realistic demo register (a district of Huế) as CSV')
    .requiredOption('--out <file>')
    .option('--seed <seed>', 'seed', 'phieu-demo')
    .action((options: { out: string; seed: string }) => {
      const cases = generateDemoRegister({ seed: options.seed });
      fs.writeFileSync(options.out, registerCsv(cases));
      report(globals(), { file: options.out, cases: cases.length }, `Đã ghi sổ mẫu ${cases.length} hồ sơ vào ${options.out}`);
    });

  const sample = program.command('sample').description('chọn mẫu và theo dõi phát phiếu (sampling and field work)');
  sample
    .command('draw')
    .description("draw every office's official and reserve lists")
    .option('--seed <seed>', 'seed of the draw (stored with it; default: the current time)')
    .option('--reserve-share <share>', 'reserve list size as a share of the official list', '0.2')
    .option('--from <date>', 'cases returned on or after (yyyy-mm-dd)')
    .option('--to <date>', 'cases returned on or before (yyyy-mm-dd)')
    .option('--tiers <json>', 'minimum sample tiers, e.g. [{"below":100,"sample":"all"},…,{"below":null,"sample":500}]')
    .option('--actor <name>', 'who draws', 'cli')
    .action((options: { seed?: string; reserveShare: string; from?: string; to?: string; tiers?: string; actor: string }) => {
      const g = globals();
      const reserveShare = Number(options.reserveShare);
      if (!(reserveShare >= 0 && reserveShare <= 5)) throw new Error(`--reserve-share ${options.reserveShare}: expected a number between 0 and 5`);
      const tiers = options.tiers ? sampleTiersSchema.parse(JSON.parse(options.tiers)) : DEFAULT_TIERS;
      const seed = options.seed ?? newSeed();
      const { drawId, offices } = withDatabase(g, (db) => drawAndStore(db, { seed, reserveShare, tiers, periodFrom: options.from, periodTo: options.to, actor: options.actor }));
      const lines = [`Lần chọn mẫu ${drawId} (hạt giống "${seed}"): ${offices.length} cơ quan`];
      for (const o of offices) lines.push(`  ${o.officeCode}: ${o.cases} hồ sơ → mẫu ${o.official.length}/${o.required}, dự phòng ${o.reserve.length}${o.short ? ' — THIẾU MẪU' : ''}`);
      report(g, { drawId, seed, offices }, lines.join('\n'));
    });
  sample
    .command('progress')
    .description('per office: minimum, members in the sample, forms printed, handed out, returned')
    .option('--draw <id>', 'draw (default: the latest)')
    .action((options: { draw?: string }) => {
      const g = globals();
      const rows = withDatabase(g, (db) => officeSampleProgress(db, options.draw ? Number(options.draw) : latestDrawId(db)));
      report(g, rows, rows.map((r) => `${r.officeName}: tối thiểu ${r.required}, trong mẫu ${r.inSample}, đã in ${r.printed}, đã phát ${r.handedOut}, đã thu ${r.returned}, từ chối/không liên lạc ${r.refusedOrUnreachable}, còn dự phòng ${r.reserveLeft}${r.short ? ' — THIẾU MẪU' : ''}`).join('\n'));
    });
  sample
    .command('list')
    .description("an office's sample list for the enumerators (PDF, XLSX or CSV)")
    .requiredOption('--office <code>')
    .requiredOption('--out <file>')
    .option('--format <format>', 'pdf | xlsx | csv (default: from the file name)')
    .option('--draw <id>', 'draw (default: the latest)')
    .action(async (options: { office: string; out: string; format?: string; draw?: string }) => {
      const g = globals();
      const format = options.format ?? path.extname(options.out).slice(1).toLowerCase();
      if (!['pdf', 'xlsx', 'csv'].includes(format)) throw new Error(`--format ${format}: expected pdf, xlsx or csv`);
      const { header, rows } = withDatabase(g, (db) => {
        const list = sampleList(db, options.draw ? Number(options.draw) : latestDrawId(db), options.office);
        audit(db, 'cli', 'sample.export', { office: options.office, format, rows: list.rows.length });
        return list;
      });
      if (format === 'pdf') await printSampleList(header, rows, fs.createWriteStream(options.out));
      else fs.writeFileSync(options.out, format === 'csv' ? sampleListCsv(rows) : await sampleListXlsx(header, rows));
      report(g, { file: options.out, rows: rows.length }, `Đã ghi danh sách ${rows.length} người của ${header.officeName} vào ${options.out}`);
    });
  sample
    .command('forms')
    .description("print personalised forms for an office's sample (members without one yet, or --case alone)")
    .requiredOption('--office <code>')
    .requiredOption('--out <file>')
    .option('--survey <id>', 'survey', 'sipas')
    .option('--case <code>', 'only this case (a replacement; repeatable)', collect)
    .option('--draw <id>', 'draw (default: the latest)')
    .action(async (options: { office: string; out: string; survey: string; case?: string[]; draw?: string }) => {
      const g = globals();
      const survey = loadSurveyDefinition(options.survey);
      const layout = layoutForm(survey);
      const copies = withDatabase(g, (db) => {
        saveLayout(db, survey, layout);
        return recordSampleForms(db, { drawId: options.draw ? Number(options.draw) : latestDrawId(db), officeCode: options.office, layoutHash: layout.hash, surveyId: survey.id, caseCodes: options.case });
      });
      if (!copies.length) return report(g, { file: null, copies: 0 }, 'Mọi người trong mẫu đã có phiếu; không in thêm.');
      const bar = progressBar(g, 'In phiếu', copies.length);
      await printForms(layout, copies, fs.createWriteStream(options.out), { secret: secretOf(g), title: survey.title, onProgress: (done) => bar.update(done) }).finally(() => bar.stop());
      report(g, { file: options.out, copies: copies.length, serials: copies.map((c) => c.serial) }, `Đã in ${copies.length} phiếu (số ${copies[0].serial}–${copies.at(-1)!.serial}) vào ${options.out}`);
    });
  sample
    .command('status')
    .description('record what happened to a form in the field; refused/unreachable promotes the next reserve member')
    .argument('<serial-or-case>', 'form serial or case code')
    .argument('<status>', FIELD_STATUSES.join(' | '))
    .option('--actor <name>', 'who records it', 'cli')
    .action((target: string, status: string, options: { actor: string }) => {
      const g = globals();
      if (!FIELD_STATUSES.includes(status as FieldStatus)) throw new Error(`status ${status}: expected one of ${FIELD_STATUSES.join(', ')}`);
      const bySerial = /^\d{1,9}$/.test(target);
      const result = withDatabase(g, (db) => markFieldStatus(db, { ...(bySerial ? { serial: Number(target) } : { caseCode: target }), status: status as FieldStatus, actor: options.actor }));
      report(g, result, `Hồ sơ ${result.caseCode}: ${status}${result.replacement ? `; người thay thế: hồ sơ ${result.replacement} (in riêng: phieu sample forms --case ${result.replacement} …)` : ''}`);
    });

  const recheck = program.command('recheck').description('phúc tra: re-check a share of returned forms by phone');
  recheck
    .command('draw')
    .option('--share <share>', 'share of returned forms to re-check', '0.1')
    .option('--seed <seed>', 'seed (default: the current time)')
    .action((options: { share: string; seed?: string }) => {
      const g = globals();
      const drawn = withDatabase(g, (db) => drawRecheck(db, { share: Number(options.share), seed: options.seed ?? newSeed(), actor: 'cli' }));
      report(g, drawn, `Đã chọn ${drawn.length} phiếu để phúc tra.`);
    });
  recheck
    .command('export')
    .description('the re-check list with phone numbers, as CSV for SMS or calls (contains personal data; logged)')
    .requiredOption('--out <file>')
    .action((options: { out: string }) => {
      const g = globals();
      const rows = withDatabase(g, (db) => {
        audit(db, 'cli', 'recheck.export', { file: options.out });
        return recheckList(db);
      });
      const csv = ['Số phiếu,Số điện thoại,Mã hồ sơ,Họ tên,Cơ quan,Kết quả', ...rows.map((r) => [r.serial, r.phone, r.caseCode ?? '', r.name ?? '', r.officeName ?? '', r.outcome ?? ''].map((v) => `"${String(v).replace(/"/g, '""')}"`).join(','))];
      fs.writeFileSync(options.out, `\ufeff${csv.join('\r\n')}\r\n`);
      report(g, { file: options.out, rows: rows.length }, `Đã ghi ${rows.length} dòng phúc tra vào ${options.out}`);
    });
  recheck
    .command('record')
    .argument('<serial>')
    .argument('<outcome>', RECHECK_OUTCOMES.join(' | '))
    .action((serial: string, outcome: string) => {
      const g = globals();
      if (!RECHECK_OUTCOMES.includes(outcome as (typeof RECHECK_OUTCOMES)[number])) throw new Error(`outcome ${outcome}: expected ${RECHECK_OUTCOMES.join(', ')}`);
      withDatabase(g, (db) => recordRecheckOutcome(db, { serial: Number(serial), outcome: outcome as (typeof RECHECK_OUTCOMES)[number], actor: 'cli' }));
      report(g, { serial: Number(serial), outcome }, `Phiếu ${serial}: ${outcome}${outcome === 'denied' ? ' — phiếu sẽ không được tính' : ''}`);
    });
}
