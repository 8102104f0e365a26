import path from 'node:path';
import type { Command } from 'commander';
import { importPortalRatings } from '../intake/portalImport.js';
import { loadPortalMapping } from '../io/mappingFiles.js';
import { report, withDatabaseAsync, type GlobalOptions } from './context.js';

/** How many refused rows and unregistered cases a summary names before pointing to --json. */
const LISTED = 30;

export function registerPortalCommands(program: Command, globals: () => GlobalOptions): void {
  const portal = program.command('portal').description('đánh giá theo hồ sơ từ Cổng dịch vụ công / Hệ thống một cửa điện tử (Thông tư 01/2018/TT-VPCP)');
  portal
    .command('import')
    .description('nhập tệp đánh giá theo hồ sơ (CSV hoặc XLSX: Mã hồ sơ, Cơ quan hoặc Đơn vị, Ngày đánh giá, Mức độ hài lòng); mỗi hồ sơ giữ một đánh giá, đánh giá mới nhất')
    .argument('<tệp>')
    .option('--mapping <tệp>', 'tệp ánh xạ cột (JSON) khi tệp có tiêu đề khác (mặc định: mappings/portal/mot-cua.json)')
    .option('--accept-partial', 'lưu các dòng tốt của tệp có dòng bị từ chối (dòng lỗi, cơ quan phieu chưa có)')
    .option('--actor <tên>', 'người nhập (ghi vào nhật ký)', 'cli')
    .option('--json', 'kết quả dạng JSON cho máy đọc')
    .action(async (file: string, options: { mapping?: string; acceptPartial?: boolean; actor: string; json?: boolean }) => {
      const g = { ...globals(), json: globals().json || options.json };
      const mapping = loadPortalMapping(options.mapping);
      const result = await withDatabaseAsync(g, (db) => importPortalRatings(db, path.resolve(file), mapping, { actor: options.actor, acceptPartial: options.acceptPartial }));
      const errorRows = new Set(result.issues.map((i) => i.row)).size;
      const lines = result.stored
        ? [`${result.file}: ${result.rowsRead} dòng, ${result.kept} hồ sơ mới được đánh giá, ${result.replaced} đánh giá thay bằng đánh giá mới hơn, ${result.alreadyKnown} đã có từ trước, ${errorRows} dòng lỗi.`]
        : [`${result.file}: ${result.rowsRead} dòng, ${errorRows} dòng lỗi — chưa lưu gì. Sửa tệp rồi nhập lại, hoặc thêm --accept-partial để chỉ lưu ${result.goodRows} hồ sơ của các dòng không lỗi.`];
      if (result.repeatedInFile) lines.push(`  ${result.repeatedInFile} dòng đánh giá lại một hồ sơ đã có trong tệp: mỗi hồ sơ chỉ tính đánh giá có ngày mới nhất.`);
      if (result.unknownOffices.length) {
        lines.push(`  Cơ quan chưa có trong danh sách: ${result.unknownOffices.map((o) => `${o.code} ("${o.name}")`).join(', ')}. Các mã cơ quan đã có: ${result.knownOffices.join(', ') || 'chưa có'}.`);
      }
      for (const i of result.issues.slice(0, LISTED)) lines.push(`  ${result.file}, dòng ${i.row}, cột "${i.column}": ${i.reason}`);
      if (result.issues.length > LISTED) lines.push(`  … và ${result.issues.length - LISTED} lỗi khác (xem --json)`);
      if (result.notInRegister.length) {
        const named = result.notInRegister.slice(0, LISTED).join(', ');
        lines.push(`  ${result.notInRegister.length} hồ sơ không có trong sổ hồ sơ (vẫn tính cho cơ quan của đánh giá; nên kiểm tra): ${named}${result.notInRegister.length > LISTED ? ', …' : ''}`);
      }
      report(g, result, lines.join('\n'));
      if (!result.stored) process.exitCode = 1;
    });
}
