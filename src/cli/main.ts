import { Command, CommanderError } from 'commander';
import { speakVietnamese } from './commanderVi.js';
import { PhieuError } from '../errors/errorTable.js';
import { readSurveyFolder, surveyProblemWarning } from '../io/surveyFiles.js';
import { defaultDataDir, type GlobalOptions } from './context.js';
import { registerFormCommands } from './forms.js';
import { registerExportCommand } from './export.js';
import { registerMaintenanceCommands } from './maintenance.js';
import { registerOfficeCommands } from './offices.js';
import { registerPersonalCommands } from './personal.js';
import { registerPortalCommands } from './portal.js';
import { registerResultsCommands } from './results.js';
import { registerReviewCommands } from './review.js';
import { registerSamplingCommands } from './sampling.js';
import { registerScanCommand, registerWatchCommand } from './scan.js';
import { registerStartCommand } from './start.js';
import { PRIVATE_UMASK } from '../io/privateFiles.js';
import { registerTrainCommands } from './train.js';

// Whatever the shell's umask, what phieu writes (the data folder, its database, page images, backups) is the service
// user's alone: folders 0700, files 0600.
process.umask(PRIVATE_UMASK);

const program = speakVietnamese(new Command('phieu'))
  .description('phieu: phiếu khảo sát giấy SIPAS — in, quét, đọc, duyệt, tổng hợp')
  .option('--data <thư-mục>', 'thư mục dữ liệu ($PHIEU_DATA nếu có)', defaultDataDir())
  .option('--json', 'kết quả dạng JSON cho máy đọc')
  .showHelpAfterError()
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

// Every command hears about a definition file that was set aside, whether or not it needs that survey.
program.hook('preAction', () => {
  for (const problem of readSurveyFolder().problems) process.stderr.write(`phieu: ${surveyProblemWarning(problem)}\n`);
});

registerFormCommands(program, globals);
registerSamplingCommands(program, globals);
registerOfficeCommands(program, globals);
registerScanCommand(program, globals);
registerWatchCommand(program, globals);
registerExportCommand(program, globals);
registerResultsCommands(program, globals);
registerPortalCommands(program, globals);
registerReviewCommands(program, globals);
registerMaintenanceCommands(program, globals);
registerPersonalCommands(program, globals);
registerStartCommand(program, globals);
registerTrainCommands(program, globals);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = (error as Error).message;
  // A machine reading --json gets the refusal as the server gives it: the sentence and its code.
  if (globals().json) process.stdout.write(`${JSON.stringify({ error: message, code: error instanceof PhieuError ? error.code : null })}\n`);
  process.stderr.write(`phieu: ${message}\n`);
  process.exit(1);
}
