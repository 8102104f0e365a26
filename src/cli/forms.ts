import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { loadSurveyDefinition, loadSurveyDefinitions } from '../io/surveyFiles.js';
import { layoutForm } from '../layout/layoutForm.js';
import { printForms } from '../print/printForms.js';
import { formatSerial } from '../qr/payload.js';
import { recordBlankForms } from '../planning/formRuns.js';
import { reprintForm } from '../planning/reprint.js';
import { progressBar, report, secretOf, withDatabaseAsync, type GlobalOptions } from './context.js';

export function registerFormCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('surveys')
    .description('liệt kê các mẫu phiếu khảo sát trong thư mục forms/')
    .action(() => {
      const surveys = [...loadSurveyDefinitions().values()].map((s) => {
        const layout = layoutForm(s);
        return { id: s.id, name: s.name, pages: layout.pages.length, questions: layout.fields.length, layoutHash: layout.hash };
      });
      report(globals(), surveys, surveys.map((s) => `${s.id.padEnd(10)} ${s.pages} trang, ${s.questions} câu  ${s.name}`).join('\n'));
    });

  program
    .command('layout')
    .description('bố cục của một mẫu phiếu: từng trang, ô đánh dấu, ô chữ, vùng, mã QR và dấu góc, tính bằng điểm PDF')
    .requiredOption('--survey <mã>', 'mã mẫu phiếu (xem `phieu surveys`)')
    .action((options: { survey: string }) => {
      const layout = layoutForm(loadSurveyDefinition(options.survey));
      const boxes = layout.fields.reduce((n, f) => n + ('options' in f ? f.options.length : 0), 0);
      report(globals(), layout, `${layout.surveyId}: ${layout.pages.length} trang, ${layout.fields.length} câu hỏi, ${boxes} ô đánh dấu, bố cục ${layout.hash} (thêm --json để xem toạ độ)`);
    });

  program
    .command('print')
    .description('in phiếu trắng có đánh số của một mẫu phiếu ra tệp PDF')
    .requiredOption('--survey <mã>', 'mã mẫu phiếu')
    .requiredOption('--blank <số>', 'số phiếu trắng cần in', parseCount)
    .option('--office <mã>', 'cơ quan nhận các phiếu này (tên in ở góc trên bên trái)')
    .option('--office-name <tên>', 'tên cơ quan in trên phiếu (mặc định: tên trong sổ hồ sơ; cần khi sổ chưa có cơ quan này)')
    .requiredOption('--out <tệp.pdf>', 'tệp PDF ghi ra')
    .action(async (options: { survey: string; blank: number; office?: string; officeName?: string; out: string }) => {
      const g = globals();
      const survey = loadSurveyDefinition(options.survey);
      const layout = layoutForm(survey);
      const secret = secretOf(g);
      const out = path.resolve(options.out);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const copies = await withDatabaseAsync(g, async (db) =>
        recordBlankForms(db, { survey, layout, copies: options.blank, officeCode: options.office, officeName: options.officeName, fileName: path.basename(out), actor: 'cli' }),
      );
      const serials = copies.map((c) => c.serial);
      const bar = progressBar(g, 'In phiếu', options.blank);
      const partial = `${out}.part`;
      await printForms(
        layout,
        copies,
        fs.createWriteStream(partial),
        { secret, onProgress: bar.update, title: survey.title },
      );
      fs.renameSync(partial, out);
      bar.stop();
      const first = formatSerial(serials[0]);
      const last = formatSerial(serials.at(-1)!);
      report(
        g,
        { file: out, survey: survey.id, layoutHash: layout.hash, copies: options.blank, pages: options.blank * layout.pages.length, firstSerial: serials[0], lastSerial: serials.at(-1) },
        `Đã in ${options.blank} phiếu (${options.blank * layout.pages.length} trang), số ${first}–${last}: ${out}`,
      );
    });

  program
    .command('reprint')
    .description('in lại một phiếu bị mất hoặc hỏng ngoài thực địa: cùng số phiếu, ghi "In lại lần n"; không in lại phiếu đã thu về')
    .argument('<số-phiếu>', 'số phiếu cần in lại')
    .requiredOption('--out <tệp.pdf>', 'tệp PDF ghi ra')
    .option('--reason <lý-do>', 'lý do in lại (ghi vào nhật ký)')
    .option('--actor <tên>', 'người in', 'cli')
    .action(async (serialText: string, options: { out: string; reason?: string; actor: string }) => {
      const g = globals();
      const serial = Number(serialText);
      if (!/^\d{1,9}$/.test(serialText)) throw new PhieuError('optionNotNumber', { option: 'số phiếu', value: serialText, min: 1, max: 999_999_999, whole: true });
      const out = path.resolve(options.out);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const { layout, title, copy } = await withDatabaseAsync(g, async (db) => reprintForm(db, { serial, reason: options.reason, actor: options.actor }));
      const partial = `${out}.part`;
      await printForms(layout, [copy], fs.createWriteStream(partial), { secret: secretOf(g), title });
      fs.renameSync(partial, out);
      report(g, { file: out, serial, reprint: copy.reprint }, `Đã in lại phiếu số ${formatSerial(serial)} (lần ${copy.reprint}): ${out}`);
    });
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new PhieuError('optionNotNumber', { option: '--blank', value, min: 1, max: 1_000_000, whole: true });
  return n;
}
