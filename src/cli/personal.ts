import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { loadSurveyDefinitions } from '../io/surveyFiles.js';
import { CORRECTED, correctPerson, describeScope, erasePersonFound, findPerson, showPerson, type PersonCorrection, type PersonQuery } from '../personal/dataSubject.js';
import { audit } from '../store/db.js';
import type { PersonScope } from '../store/personalRecords.js';
import { report, withDatabase, type GlobalOptions } from './context.js';

interface QueryOptions {
  phone?: string;
  name?: string;
  address?: string;
  case?: string;
  actor: string;
}

/** The options that say whose data a request is about, the same on every subcommand. */
const withQuery = (command: Command) =>
  command
    .option('--phone <số>', 'số điện thoại của người đó (viết thế nào cũng được: 0935 246 810, +84935246810)')
    .option('--name <họ-tên>', 'họ và tên; cần kèm --address hoặc --case (một tên có thể của nhiều người)')
    .option('--address <địa-chỉ>', 'địa chỉ, đi cùng --name')
    .option('--case <mã>', 'mã hồ sơ')
    .option('--actor <tên>', 'người thực hiện (ghi vào nhật ký)', 'cli');

const queryOf = (o: QueryOptions): PersonQuery => ({ phone: o.phone, name: o.name, address: o.address, caseCode: o.case });
const surveys = () => [...loadSurveyDefinitions().values()];

/**
 * `phieu personal`: a citizen's request about their own data (Law 91/2025/QH15, in force 1 January 2026) — find it,
 * show all of it, correct it, delete it. Every act is audited; deleting keeps the anonymous answers counted.
 */
export function registerPersonalCommands(program: Command, globals: () => GlobalOptions): void {
  const personal = program.command('personal').description('yêu cầu của người dân về dữ liệu cá nhân của mình (Luật 91/2025/QH15): tìm, xem, sửa, xoá');

  withQuery(personal.command('find').description('tìm: hồ sơ trong sổ, phiếu giấy và câu trả lời điện tử của một người')).action((o: QueryOptions) => {
    const g = globals();
    const scope = withDatabase(g, (db) => {
      const found = findPerson(db, queryOf(o), surveys());
      audit(db, o.actor, 'personal.found', { caseCodes: found.caseCodes, serials: found.serials, responses: found.responseIds });
      return found;
    });
    report(g, scope, `Tìm thấy ${describeScope(scope)}.`);
  });

  withQuery(personal.command('show').description('xem: mọi dữ liệu đang giữ của người đó (sổ, danh sách mẫu, phiếu và câu trả lời cá nhân, sửa chữa, chữ số đã gõ, ảnh cắt, phúc tra, kênh điện tử)')).action((o: QueryOptions) => {
    const g = globals();
    const shown = withDatabase(g, (db) => showPerson(db, queryOf(o), o.actor, surveys()));
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  });

  withQuery(personal.command('correct').description('sửa: một trường trong sổ (--field) hoặc một câu trả lời cá nhân của một phiếu (--serial, --question)'))
    .option('--field <trường>', 'trường trong sổ của hồ sơ --case: name, phone hoặc address')
    .option('--serial <số>', 'số phiếu')
    .option('--question <mã>', 'mã câu hỏi trên phiếu (họ tên, số điện thoại, địa chỉ)')
    .requiredOption('--value <giá-trị>', 'giá trị đúng')
    .action((o: QueryOptions & { field?: string; serial?: string; question?: string; value: string }) => {
      const g = globals();
      let correction: PersonCorrection;
      if (o.field !== undefined) {
        if (o.field !== 'name' && o.field !== 'phone' && o.field !== 'address') throw new PhieuError('optionOneOf', { option: '--field', value: o.field, allowed: ['name', 'phone', 'address'] });
        if (!o.case) throw new PhieuError('personQueryNeeded', {});
        correction = { caseCode: o.case, field: o.field, value: o.value };
      } else {
        const serial = Number(o.serial);
        if (!Number.isInteger(serial) || serial < 1) throw new PhieuError('optionNotNumber', { option: '--serial', value: String(o.serial), min: 1, whole: true });
        correction = { serial, questionId: o.question ?? '', value: o.value };
      }
      withDatabase(g, (db) => correctPerson(db, queryOf(o), correction, o.actor, surveys()));
      report(g, { corrected: correction }, CORRECTED);
    });

  withQuery(personal.command('delete').description('xoá: họ tên, số điện thoại, địa chỉ, chữ viết tay và ảnh trang của người đó ở mọi nơi; câu trả lời không định danh vẫn được tính'))
    .option('--yes', 'xoá thật (không hoàn tác được)')
    .action((o: QueryOptions & { yes?: boolean }) => {
      const g = globals();
      if (!o.yes) {
        const scope = withDatabase(g, (db) => findPerson(db, queryOf(o), surveys()));
        report(g, { scope, deleted: false }, `Sẽ xoá dữ liệu cá nhân của ${describeScope(scope)}. Thêm --yes để xoá thật.`);
        return;
      }
      const done = withDatabase(g, (db, dir) => erasePersonFound(db, dir, queryOf(o), o.actor, surveys()));
      report(g, { scope: done.scope, erased: done.erased }, done.message);
    });
}
