import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { changeOffice } from '../planning/changeOffice.js';
import { changeOfficeLevels } from '../planning/officeLevels.js';
import { isActiveOn, treeOrder, type OfficeChange, type OfficeNode } from '../sampling/officeTree.js';
import { parseDate } from '../sampling/registerRow.js';
import { officeLevels, officeTree } from '../store/offices.js';
import { vietnamTime } from '../electronic/time.js';
import { report, withDatabase, type GlobalOptions } from './context.js';

/** A day typed on the command line; `-` clears it (the office is open on that side). */
function dayOption(value: string | undefined, option: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === '-') return null;
  const iso = parseDate(value);
  if (!iso) throw new PhieuError('optionNotDate', { option, value });
  return iso;
}

function officeLine(office: OfficeNode, depth: number, today: string): string {
  const period = [office.activeFrom && `từ ${office.activeFrom}`, office.activeTo && `đến ${office.activeTo}`].filter(Boolean).join(' ');
  const status = isActiveOn(office, today) ? '' : ' — ngừng hoạt động';
  return `${'  '.repeat(depth)}${office.code}  ${office.name}  [${office.level ?? 'chưa xếp cấp'}]${period ? `  (${period})` : ''}${status}`;
}

export function registerOfficeCommands(program: Command, globals: () => GlobalOptions): void {
  const offices = program.command('offices').description('danh sách cơ quan: mã, tên, cấp, cơ quan cấp trên, thời gian hoạt động');

  offices
    .command('list')
    .description('in cây cơ quan (cơ quan cấp dưới thụt vào dưới cơ quan cấp trên)')
    .action(() => {
      const g = globals();
      const { tree, levels } = withDatabase(g, (db) => ({ tree: officeTree(db), levels: officeLevels(db) }));
      const today = vietnamTime(new Date()).slice(0, 10);
      const lines = treeOrder(tree).map(({ office, depth }) => officeLine(office, depth, today));
      report(g, { levels, offices: tree }, [`Các cấp: ${levels.join(', ')}`, ...(lines.length ? lines : ['Chưa có cơ quan nào: nhập sổ hồ sơ hoặc thêm bằng phieu offices set.'])].join('\n'));
    });

  offices
    .command('set')
    .description('thêm hoặc sửa một cơ quan; chỉ đổi những gì được cho')
    .argument('<mã>', 'mã cơ quan (chữ thường không dấu, số, dấu gạch ngang)')
    .option('--name <tên>', 'tên cơ quan (bắt buộc khi thêm mới)')
    .option('--level <cấp>', 'cấp của cơ quan, một trong các cấp đã định nghĩa (xem phieu offices levels)')
    .option('--parent <mã>', 'mã cơ quan cấp trên')
    .option('--no-parent', 'bỏ cơ quan cấp trên (cơ quan ở gốc cây)')
    .option('--active-from <ngày>', 'ngày bắt đầu hoạt động (dd/mm/yyyy hoặc yyyy-mm-dd; - để bỏ)')
    .option('--active-to <ngày>', 'ngày cuối cùng hoạt động (dd/mm/yyyy hoặc yyyy-mm-dd; - để bỏ)')
    .option('--actor <tên>', 'người sửa (ghi vào nhật ký)', 'cli')
    .action((code: string, options: { name?: string; level?: string; parent?: string | false; activeFrom?: string; activeTo?: string; actor: string }) => {
      const g = globals();
      const change: OfficeChange = {
        name: options.name,
        level: options.level,
        parent: options.parent === false ? null : options.parent,
        activeFrom: dayOption(options.activeFrom, '--active-from'),
        activeTo: dayOption(options.activeTo, '--active-to'),
      };
      const given = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
      const office = withDatabase(g, (db) => changeOffice(db, code, given, options.actor));
      report(g, office, `Đã lưu: ${officeLine(office, 0, vietnamTime(new Date()).slice(0, 10))}${office.parent ? `, thuộc ${office.parent}` : ''}.`);
    });

  offices
    .command('levels')
    .description('các cấp cơ quan, theo thứ tự báo cáo liệt kê; --set để đặt lại (không bỏ được cấp còn cơ quan thuộc về)')
    .option('--set <các-cấp>', 'các cấp, cách nhau bởi dấu phẩy, ví dụ: "sở/ngành,xã,bộ phận một cửa"')
    .option('--actor <tên>', 'người sửa (ghi vào nhật ký)', 'cli')
    .action((options: { set?: string; actor: string }) => {
      const g = globals();
      const levels = withDatabase(g, (db) => (options.set === undefined ? officeLevels(db) : changeOfficeLevels(db, options.set.split(',').map((l) => l.trim()), options.actor)));
      report(g, { levels }, `Các cấp cơ quan: ${levels.join(', ')}.`);
    });
}
