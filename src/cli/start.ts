import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadSurveyDefinitions } from '../io/surveyFiles.js';
import { layoutForm } from '../layout/layoutForm.js';
import { printForms } from '../print/printForms.js';
import { createPrintRun, saveLayout } from '../store/printRuns.js';
import { report, secretOf, withDatabaseAsync, type GlobalOptions } from './context.js';

const DEMO_OFFICE = 'UBND phường Phú Hội';

/** Until the web app lands, `npm start` prints a demo copy of every survey into out/ and says where they are. */
export function registerStartCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('start')
    .description('run phieu (for now: print demo copies of every survey into out/)')
    .option('--out <dir>', 'where to put the demo PDFs', 'out')
    .action(async (options: { out: string }) => {
      const g = globals();
      const secret = secretOf(g);
      const outDir = path.resolve(options.out);
      fs.mkdirSync(outDir, { recursive: true });
      const files = await withDatabaseAsync(g, async (db) => {
        const printed: string[] = [];
        for (const survey of loadSurveyDefinitions().values()) {
          const layout = layoutForm(survey);
          saveLayout(db, survey, layout);
          const run = createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: 'blank', caseCodes: [null, null, null] });
          const file = path.join(outDir, `${survey.id}-demo.pdf`);
          await printForms(layout, run.serials.map((serial) => ({ serial, values: { office: DEMO_OFFICE } })), fs.createWriteStream(file), { secret, title: survey.title });
          printed.push(file);
        }
        return printed;
      });
      report(g, { files }, `Đã in phiếu mẫu (3 bản mỗi loại):\n${files.map((f) => `  ${f}`).join('\n')}`);
    });
}
