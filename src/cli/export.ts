import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { effectiveAnswers, type EffectiveAnswer } from '../store/answers.js';
import { audit } from '../store/db.js';
import { tableCsv } from '../io/csvTable.js';
import { isPersonalAnswer, personalQuestionsBySurvey } from '../store/personalData.js';
import { withDatabase, type GlobalOptions } from './context.js';

export function registerExportCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description('mọi câu hỏi của mọi phiếu đã quét: câu trả lời hiện tại, trạng thái (đã đọc, cần duyệt, đã sửa), điểm đo được, tệp quét và trang')
    .option('--format <định-dạng>', 'json hoặc csv', 'json')
    .option('--survey <mã>', 'chỉ mẫu phiếu này')
    .option('--out <tệp>', 'ghi vào tệp thay vì in ra màn hình')
    .option('--personal', 'kèm câu trả lời họ tên, số điện thoại, địa chỉ (dữ liệu cá nhân: ghi nhật ký riêng)')
    .option('--actor <tên>', 'người xuất (ghi vào nhật ký)', 'cli')
    .action((options: { format: string; survey?: string; out?: string; personal?: boolean; actor: string }) => {
      if (options.format !== 'json' && options.format !== 'csv') throw new PhieuError('optionOneOf', { option: '--format', value: options.format, allowed: ['json', 'csv'] });
      const answers = withDatabase(globals(), (db) => {
        const all = effectiveAnswers(db, { surveyId: options.survey });
        // By default nothing that names a person leaves: the personal questions' answers are left out entirely.
        const personal = isPersonalAnswer(personalQuestionsBySurvey(db));
        const rows = options.personal ? all : all.filter((a) => !personal(a));
        const detail = { format: options.format, survey: options.survey ?? null, rows: rows.length, file: options.out ? path.basename(options.out) : null };
        if (options.personal) audit(db, options.actor, 'export.personal', { ...detail, personalRows: all.filter(personal).length });
        else audit(db, options.actor, 'export', detail);
        return rows;
      });
      const text = options.format === 'json' ? JSON.stringify(groupBySerial(answers), null, 2) : toCsv(answers);
      if (options.out) {
        fs.writeFileSync(options.out, text);
        process.stderr.write(`Đã xuất ${new Set(answers.map((a) => a.serial)).size} phiếu, ${answers.length} câu trả lời: ${options.out}\n`);
      } else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}

function groupBySerial(answers: EffectiveAnswer[]) {
  const forms = new Map<number, { serial: number; surveyId: string; answers: Record<string, Omit<EffectiveAnswer, 'serial' | 'surveyId' | 'questionId'>> }>();
  for (const { serial, surveyId, questionId, ...rest } of answers) {
    const form = forms.get(serial) ?? { serial, surveyId, answers: {} };
    form.answers[questionId] = rest;
    forms.set(serial, form);
  }
  return [...forms.values()];
}

const CSV_COLUMNS = ['serial', 'surveyId', 'questionId', 'value', 'state', 'reasons', 'scores', 'file', 'filePage', 'page'] as const;

/** UTF-8 with BOM, so Excel shows Vietnamese file names and text correctly; text that starts like a formula stays text. */
function toCsv(answers: EffectiveAnswer[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'number' ? v : Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return [...tableCsv([...CSV_COLUMNS], answers.map((a) => CSV_COLUMNS.map((c) => cell(a[c]))))].join('');
}
