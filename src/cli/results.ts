import fs from 'node:fs';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { loadMapping } from '../io/mappingFiles.js';
import { loadSurveyDefinitions } from '../io/surveyFiles.js';
import { answerTableHeader, answerTableRows } from '../results/answerTable.js';
import type { ReportQuery } from '../results/buildReport.js';
import { parseResultSettings } from '../results/settings.js';
import { tableCsv } from '../io/csvTable.js';
import { reportTableCsv } from '../report/csvReport.js';
import { writeReportPdf } from '../report/pdfReport.js';
import { writeSpssFiles } from '../report/spssExport.js';
import { adequacyVerdict, formatShare, reportTables, type ReportTable } from '../report/tables.js';
import { writeReportXlsx } from '../report/xlsxReport.js';
import { PhieuError } from '../errors/errorTable.js';
import { parseDate } from '../sampling/registerRow.js';
import { importProcedures } from '../intake/procedureImport.js';
import { audit } from '../store/db.js';
import { reportTemplate, saveReportTemplate } from '../store/reportTemplate.js';
import { importElectronic } from '../intake/electronicImport.js';
import { importStaff } from '../intake/staffImport.js';
import { resultsReport } from '../report/resultsReport.js';
import { report, withDatabase, withDatabaseAsync, type GlobalOptions } from './context.js';

function isoDate(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseDate(value);
  if (!iso) throw new PhieuError('optionNotDate', { option, value });
  return iso;
}

const FORMATS = ['xlsx', 'pdf', 'csv', 'json', 'spss'] as const;
type Format = (typeof FORMATS)[number];

export function registerResultsCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import-electronic')
    .description('nhập tệp xuất của kênh điện tử (CSV, XLSX hoặc JSON từ Hue-S, ki-ốt, cổng dịch vụ công) qua một tệp ánh xạ')
    .argument('<tệp>')
    .requiredOption('--mapping <tệp>', 'tệp ánh xạ (JSON), hoặc tên một ánh xạ có sẵn: hue-s, kiosk')
    .option('--accept-partial', 'lưu các dòng tốt của tệp có dòng bị từ chối (dòng lỗi, cơ quan phieu chưa có)')
    .option('--actor <tên>', 'người nhập (ghi vào nhật ký)', 'cli')
    .action(async (file: string, options: { mapping: string; acceptPartial?: boolean; actor: string }) => {
      const g = globals();
      const { mapping, survey } = loadMapping(options.mapping);
      const result = await withDatabaseAsync(g, (db) => importElectronic(db, path.resolve(file), mapping, survey, { actor: options.actor, acceptPartial: options.acceptPartial }));
      const errorRows = new Set(result.issues.filter((i) => i.severity === 'error').map((e) => e.row)).size;
      const warnings = result.issues.filter((i) => i.severity === 'warning').length;
      const lines = !result.stored
        ? [`${result.file} (${mapping.name}): ${result.rowsRead} dòng, ${errorRows} dòng lỗi — chưa lưu gì. Sửa tệp rồi nhập lại, hoặc thêm --accept-partial để chỉ lưu ${result.goodRows} dòng không lỗi.`]
        : result.alreadyImported
          ? [`${result.file}: tệp này đã được nhập với ánh xạ "${mapping.id}"; không thêm gì.`]
          : [`${result.file} (${mapping.name}): ${result.rowsRead} dòng, thêm ${result.kept} phản hồi, ${result.alreadyKnown} đã có từ trước, ${errorRows} dòng lỗi, ${warnings} cảnh báo.`];
      if (result.unknownOffices.length) {
        lines.push(`  Cơ quan chưa có trong danh sách (nhập sổ hồ sơ có các cơ quan này rồi nhập lại tệp): ${result.unknownOffices.map((o) => (o.name ? `${o.code} (${o.name})` : o.code)).join(', ')}`);
      }
      for (const i of result.issues.slice(0, 30)) lines.push(`  ${i.severity === 'error' ? 'lỗi' : 'cảnh báo'} dòng ${i.row}, cột "${i.column}": ${i.reason}`);
      if (result.issues.length > 30) lines.push(`  … và ${result.issues.length - 30} vấn đề khác (xem --json)`);
      report(g, result, lines.join('\n'));
      if (!result.stored) process.exitCode = 1;
    });

  program
    .command('import-staff')
    .description('nhập danh sách cán bộ (CSV hoặc XLSX: Họ và tên, Cơ quan, Số điện thoại, Tài khoản, Thiết bị): câu trả lời của họ không được tính')
    .argument('<tệp>')
    .option('--actor <tên>', 'người nhập (ghi vào nhật ký)', 'cli')
    .action(async (file: string, options: { actor: string }) => {
      const g = globals();
      const result = await withDatabaseAsync(g, (db) => importStaff(db, path.resolve(file), { actor: options.actor }));
      const lines = result.alreadyImported
        ? [`${result.file}: tệp này đã được nhập trước đó; không thêm gì.`]
        : [`${result.file}: ${result.rowsRead} dòng, thêm ${result.kept} cán bộ, ${result.alreadyKnown} đã có, ${result.bad.length} lỗi.`];
      for (const e of result.bad.slice(0, 30)) lines.push(`  dòng ${e.row}, cột "${e.column}": ${e.reason}`);
      report(g, result, lines.join('\n'));
    });

  program
    .command('report-template')
    .description('mẫu văn bản của báo cáo PDF (Nghị định 30/2020/NĐ-CP): cơ quan, số và ký hiệu, địa danh, trích yếu, nơi nhận, người ký — in ra, hoặc đặt từ tệp JSON')
    .option('--set <tệp>', 'tệp JSON chỉ với các trường cần đổi (tên trường: xem README, mục báo cáo); trường không ghi lấy mặc định')
    .option('--actor <tên>', 'người đổi (ghi vào nhật ký)', 'cli')
    .action((options: { set?: string; actor: string }) => {
      const g = globals();
      const value = options.set ? readJsonFile(options.set) : undefined;
      const template = withDatabase(g, (db) => (value === undefined ? reportTemplate(db) : saveReportTemplate(db, value, options.actor)));
      process.stdout.write(`${JSON.stringify(template, null, 2)}\n`);
    });

  program
    .command('import-procedures')
    .description('nhập danh sách thủ tục hành chính và lĩnh vực (CSV hoặc XLSX: Tên thủ tục, Lĩnh vực), để báo cáo theo lĩnh vực khi sổ hồ sơ chỉ ghi tên thủ tục')
    .argument('<tệp>')
    .option('--actor <tên>', 'người nhập (ghi vào nhật ký)', 'cli')
    .action(async (file: string, options: { actor: string }) => {
      const g = globals();
      const result = await withDatabaseAsync(g, (db) => importProcedures(db, path.resolve(file), { actor: options.actor }));
      const lines = [`${result.file}: lưu ${result.saved} thủ tục với lĩnh vực, ${result.bad.length} dòng lỗi.`];
      for (const e of result.bad.slice(0, 30)) lines.push(`  dòng ${e.row}, cột "${e.column}": ${e.reason}`);
      report(g, result, lines.join('\n'));
    });

  program
    .command('report')
    .description('chỉ số hài lòng gộp từ phiếu giấy và câu trả lời điện tử: bảng tính XLSX, PDF để in, bảng CSV hoặc JSON; spss: câu trả lời với cú pháp SPSS (.sps, nhãn tiếng Việt), tệp dữ liệu .csv và sổ tay biến -codebook.csv bên cạnh')
    .requiredOption('--format <định-dạng>', FORMATS.join(' | '))
    .option('--out <tệp>', 'tệp ghi ra (không có thì CSV và JSON in ra màn hình)')
    .option('--survey <mã>', 'mẫu phiếu', 'sipas')
    .option('--office <mã>', 'chỉ một cơ quan')
    .option('--level <cấp>', 'chỉ các cơ quan một cấp, như danh sách cơ quan định nghĩa (xem phieu offices levels)')
    .option('--channel <kênh>', 'chỉ một kênh: paper (giấy), electronic (điện tử)')
    .option('--from <ngày>', 'ngày trả lời đầu tiên (dd/mm/yyyy hoặc yyyy-mm-dd)')
    .option('--to <ngày>', 'ngày trả lời cuối cùng')
    .option('--table <mã>', 'CSV: bảng nào — indices (mọi chỉ số của mọi nhóm), criteria, office, procedure, field, choices, adequacy, exclusions, answers, …', 'indices')
    .option('--settings <tệp>', 'quy tắc tính và công thức cho báo cáo này (JSON), thay cho cài đặt đã lưu')
    .action(async (options: { format: string; out?: string; survey: string; office?: string; level?: string; channel?: string; from?: string; to?: string; table: string; settings?: string }) => {
      const g = globals();
      if (!FORMATS.includes(options.format as Format)) throw new PhieuError('optionOneOf', { option: '--format', value: options.format, allowed: FORMATS });
      const format = options.format as Format;
      if ((format === 'xlsx' || format === 'pdf' || format === 'spss') && !options.out) throw new PhieuError('optionNeedsOut', { format });
      if (options.channel !== undefined && options.channel !== 'paper' && options.channel !== 'electronic') throw new PhieuError('optionOneOf', { option: '--channel', value: options.channel, allowed: ['paper', 'electronic'] });
      const surveys = loadSurveyDefinitions();
      const survey = surveys.get(options.survey);
      if (!survey) throw new PhieuError('unknownSurvey', { survey: options.survey, known: [...surveys.keys()] });
      const written = await withDatabaseAsync(g, async (db) => {
        const query: ReportQuery = {
          officeCode: options.office,
          level: options.level,
          channel: options.channel as ReportQuery['channel'],
          from: isoDate(options.from, '--from'),
          to: isoDate(options.to, '--to'),
          settings: options.settings ? parseResultSettings(JSON.parse(fs.readFileSync(options.settings, 'utf8'))) : undefined,
        };
        const { report: result, input, outcomes } = resultsReport(db, survey, query);
        const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
        if (format === 'xlsx') {
          await writeReportXlsx(result, { header: answerTableHeader(survey), rows: answerTableRows(input, outcomes, query) }, out);
          await finished(out);
        }
        else if (format === 'pdf') await writeReportPdf(result, out, new Date(), reportTemplate(db));
        else if (format === 'spss') await writeSpssFiles(survey, answerTableRows(input, outcomes, query), options.out!, out);
        else if (format === 'json') await pipeline(Readable.from([JSON.stringify(result, null, 2), '\n']), out, { end: out !== process.stdout });
        else {
          const chunks =
            options.table === 'answers'
              ? tableCsv(answerTableHeader(survey), answerTableRows(input, outcomes, query))
              : [reportTableCsv(tableNamed(reportTables(result), options.table))];
          await pipeline(Readable.from(chunks), out, { end: out !== process.stdout });
        }
        audit(db, 'cli', 'report', { format, survey: survey.id, office: query.officeCode ?? null, level: query.level ?? null, channel: query.channel ?? null, from: query.from ?? null, to: query.to ?? null, out: options.out ?? null });
        return result;
      });
      if (!options.out) return;
      const t = written.totals;
      report(
        g,
        { out: options.out, totals: t, overall: written.indices.overall, short: written.adequacy.short.map((a) => a.officeCode), unknownMinimum: written.adequacy.unknown.map((a) => a.officeCode) },
        [
          `Đã ghi ${options.out}: ${t.counted} phiếu được tính / ${t.returned} phiếu đã nhận (${t.pending} chờ duyệt, ${t.excluded - t.pending} không tính).`,
          `Chỉ số hài lòng chung ${formatShare(written.indices.overall.satisfiedShare, 2)}, không hài lòng ${formatShare(written.indices.overall.dissatisfiedShare, 2)}.`,
          adequacyVerdict(written),
        ].join('\n'),
      );
    });
}

function tableNamed(tables: ReportTable[], id: string): ReportTable {
  const table = tables.find((t) => t.id === id);
  if (!table) throw new PhieuError('unknownTable', { table: id, known: ['answers', ...tables.map((t) => t.id)] });
  return table;
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PhieuError('exportBrokenJson', { file: path.basename(file), reason: (error as Error).message });
  }
}
