import { PhieuError } from '../errors/errorTable.js';
import type { Command } from 'commander';
import { z } from 'zod';
import { retrainFromReviews, RETRAIN_SETTINGS, type HeldOutScore } from '../review/retrainDigits.js';
import { report, withDatabaseAsync, type GlobalOptions } from './context.js';

const trainOptions = z.object({
  epochs: z.coerce.number({ error: '--epochs phải là số' }).int('--epochs phải là số nguyên').min(1, '--epochs ít nhất là 1').max(200, '--epochs nhiều nhất là 200'),
  learningRate: z.coerce.number({ error: '--learning-rate phải là số' }).positive('--learning-rate phải lớn hơn 0').max(1, '--learning-rate nhiều nhất là 1'),
  seed: z.string().min(1),
  actor: z.string().min(1),
});

const pct = (share: number) => `${(100 * share).toFixed(2)} %`;
const score = (s: HeldOutScore) => `đúng ${pct(s.accuracy)}, log-loss ${s.logLoss.toFixed(4)}, sai lệch độ tin (ECE) ${s.calibrationError.toFixed(4)}`;

export function registerTrainCommands(program: Command, globals: () => GlobalOptions): void {
  const train = program.command('train').description('học lại: máy đọc học từ những gì người duyệt đã gõ');
  train
    .command('digits')
    .description('học lại bộ đọc chữ số viết tay từ các chữ số người duyệt đã gõ; so trước/sau trên phần chữ số để riêng, chỉ thay khi tốt hơn')
    .option('--epochs <số>', 'số lượt học trên các chữ số đã gõ', String(RETRAIN_SETTINGS.epochs))
    .option('--learning-rate <số>', 'tốc độ học', String(RETRAIN_SETTINGS.learningRate))
    .option('--seed <chuỗi>', 'hạt giống ngẫu nhiên (cùng hạt giống, cùng kết quả)', RETRAIN_SETTINGS.seed)
    .option('--actor <tên>', 'người chạy (ghi vào nhật ký)', 'cli')
    .option('--json', 'kết quả dạng JSON cho máy đọc')
    .action(async (raw: Record<string, string>) => {
      const parsed = trainOptions.safeParse(raw);
      if (!parsed.success) throw new PhieuError('trainOptions', { problems: parsed.error.issues.map((i) => i.message) });
      const { actor, ...settings } = parsed.data;
      const g = { ...globals(), json: globals().json || Boolean(raw.json) };
      const result = await withDatabaseAsync(g, (db) => retrainFromReviews(db, actor, { ...RETRAIN_SETTINGS, ...settings }));
      report(
        g,
        result,
        [
          `${result.usable} chữ số người duyệt đã gõ đọc được (trong ${result.typed} đã lưu): học trên ${result.trainedOn}, để riêng ${result.heldOut} để so.`,
          `Trước: ${score(result.before)}.`,
          `Sau:   ${score(result.after)}.`,
          result.kept ? `Bộ đọc mới tốt hơn: từ nay dùng bộ đọc mới (số ${result.modelId}).` : 'Bộ đọc mới không tốt hơn: vẫn giữ bộ đọc cũ.',
        ].join('\n'),
      );
    });
}
