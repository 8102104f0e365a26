import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { effectiveAnswers, type EffectiveAnswer } from '../store/answers.js';
import { audit } from '../store/db.js';
import { isPersonalAnswer, personalQuestionsBySurvey } from '../store/personalData.js';
import { withDatabase, type GlobalOptions } from './context.js';

export function registerExportCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description('every question of every scanned form: current answer, its state (read, needs review, corrected), raw scores, source file and page')
    .option('--format <format>', 'json or csv', 'json')
    .option('--survey <id>', 'only this survey')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--personal', 'include the name, phone and address answers (personal data: audited as a separate action)')
    .option('--actor <name>', 'who exports (for the audit trail)', 'cli')
    .action((options: { format: string; survey?: string; out?: string; personal?: boolean; actor: string }) => {
      if (options.format !== 'json' && options.format !== 'csv') throw new Error(`--format must be json or csv, not "${options.format}"`);
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
      } else process.stdout.write(`${text}\n`);
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

function toCsv(answers: EffectiveAnswer[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // UTF-8 with BOM, so Excel shows Vietnamese file names and text correctly.
  return `\uFEFF${[CSV_COLUMNS.join(','), ...answers.map((a) => CSV_COLUMNS.map((c) => cell(a[c])).join(','))].join('\r\n')}`;
}
