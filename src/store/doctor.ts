import fs from 'node:fs';
import path from 'node:path';
import { looseEntries } from '../io/privateFiles.js';
import { backupSchedule, listBackups } from './backupSchedule.js';
import type { Db } from './db.js';

export interface Check {
  /** Stable identifier of the check. */
  name: string;
  /** What is checked, for people. */
  label: string;
  ok: boolean;
  detail: string;
  /** What to do about it, when not ok. */
  advice?: string;
}

const STUCK_MS = 10 * 60 * 1000;
const MIN_FREE_BYTES = 2 * 1024 ** 3;
/** Without a schedule, a backup older than this is worth a warning. */
const STALE_BACKUP_MS = 48 * 3600 * 1000;

/** Health of a data folder and its hot folder, each finding with what to do about it (in Vietnamese, for people). */
export function diagnose(db: Db, dataDir: string, hotFolder?: string, now = Date.now()): Check[] {
  return [
    databaseCheck(db),
    permissionsCheck(dataDir),
    diskCheck(dataDir),
    keyCheck(dataDir, 'secret.key', 'Khoá ký mã QR (secret.key)', true),
    keyCheck(dataDir, 'session.key', 'Khoá phiên đăng nhập (session.key)', false),
    ...pendingWork(db),
    hotFolderCheck(hotFolder, now),
    backupCheck(db, dataDir, now),
  ];
}

function databaseCheck(db: Db): Check {
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  const ok = integrity === 'ok';
  return { name: 'database', label: 'Cơ sở dữ liệu', ok, detail: ok ? 'kiểm tra toàn vẹn đạt' : integrity, advice: 'khôi phục bản sao lưu gần nhất vào một thư mục dữ liệu mới (phieu restore)' };
}

/** The data folder and everything in it: the service user's alone (src/io/privateFiles.ts). */
function permissionsCheck(dataDir: string): Check {
  const loose = looseEntries(dataDir);
  const label = 'Quyền truy cập thư mục dữ liệu';
  if (!loose.length) return { name: 'permissions', label, ok: true, detail: 'chỉ người dùng chạy phieu đọc được (thư mục 700, tệp 600)' };
  const named = loose.slice(0, 5).map((e) => `${e.path === '.' ? 'thư mục dữ liệu' : e.path} (${e.mode.toString(8)})`);
  return {
    name: 'permissions',
    label,
    ok: false,
    detail: `${loose.length} thư mục và tệp người khác đọc được: ${named.join(', ')}${loose.length > named.length ? ', …' : ''}`,
    advice: `chạy phieu doctor --repair (hoặc chmod -R go-rwx ${dataDir})`,
  };
}

function diskCheck(dataDir: string): Check {
  const disk = fs.statfsSync(dataDir);
  const free = disk.bavail * disk.bsize;
  return { name: 'disk', label: 'Ổ đĩa', ok: free >= MIN_FREE_BYTES, detail: `còn trống ${(free / 1024 ** 3).toFixed(1)} GB`, advice: 'giải phóng ổ đĩa hoặc chuyển thư mục dữ liệu: ảnh trang cần chỗ' };
}

/**
 * A key file: present, readable by its owner only, and owned by the user phieu runs as. The QR secret cannot be
 * remade (printed forms would no longer verify); a missing session key is made at the next start.
 */
function keyCheck(dataDir: string, file: string, label: string, irreplaceable: boolean): Check {
  const stat = fs.statSync(path.join(dataDir, file), { throwIfNoEntry: false });
  if (!stat) {
    return irreplaceable
      ? { name: file, label, ok: false, detail: `thiếu ${file}`, advice: `khôi phục ${file} từ bản sao lưu: không có nó, mã QR của phiếu đã in không kiểm tra được` }
      : { name: file, label, ok: true, detail: `chưa có ${file}: sẽ được tạo khi phieu chạy (mọi người đăng nhập lại)` };
  }
  const mode = stat.mode & 0o777;
  if (mode & 0o077) return { name: file, label, ok: false, detail: `${file} có quyền ${mode.toString(8)}: người khác đọc được`, advice: `chmod 600 ${path.join(dataDir, file)}` };
  const owner = process.getuid?.();
  if (owner !== undefined && stat.uid !== owner) return { name: file, label, ok: false, detail: `${file} thuộc người dùng ${stat.uid}, không phải người dùng chạy phieu (${owner})`, advice: `chown ${owner} ${path.join(dataDir, file)}` };
  return { name: file, label, ok: true, detail: `${file} có, chỉ chủ sở hữu đọc được (600)` };
}

function pendingWork(db: Db): Check[] {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const processing = db.prepare(`SELECT name FROM scan_files WHERE status = 'processing'`).all() as { name: string }[];
  const uploads = count(`SELECT COUNT(*) AS n FROM uploads WHERE status IN ('queued', 'processing')`);
  const open = count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND question_id IS NOT NULL`);
  const referred = count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'referred'`);
  const pages = count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND question_id IS NULL`);
  return [
    {
      name: 'unfinished scans',
      label: 'Tệp quét đọc dở',
      ok: processing.length === 0,
      detail: processing.length ? `${processing.length} tệp đọc dở: ${processing.slice(0, 5).map((f) => f.name).join(', ')}` : 'không có',
      advice: 'chạy lại phieu scan với các tệp đó (hoặc để thư mục quét thử lại): các trang đã đọc được giữ nguyên',
    },
    { name: 'uploads', label: 'Tệp tải lên chờ đọc', ok: true, detail: uploads ? `${uploads} tệp chờ đọc (phieu đang chạy sẽ đọc)` : 'không có' },
    { name: 'review queue', label: 'Việc chờ duyệt', ok: true, detail: `${open} mục chờ duyệt, ${referred} mục chờ giám sát, ${pages} trang chưa nhận` },
  ];
}

function hotFolderCheck(hotFolder: string | undefined, now: number): Check {
  const stuck =
    hotFolder && fs.existsSync(hotFolder)
      ? fs.readdirSync(hotFolder, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.') && now - fs.statSync(path.join(hotFolder, e.name)).mtimeMs > STUCK_MS)
      : [];
  return {
    name: 'hot folder',
    label: 'Thư mục quét',
    ok: stuck.length === 0,
    detail: stuck.length ? `${stuck.length} tệp nằm chờ quá 10 phút: ${stuck.slice(0, 5).map((e) => e.name).join(', ')}` : hotFolder ? 'không có tệp nào bị kẹt' : 'không theo dõi thư mục quét',
    advice: 'chạy phieu (hoặc phieu watch) để thư mục quét được đọc',
  };
}

function backupCheck(db: Db, dataDir: string, now: number): Check {
  const schedule = backupSchedule(db);
  const last = listBackups(dataDir).at(-1);
  const limit = schedule.everyHours > 0 ? 2 * schedule.everyHours * 3600 * 1000 : STALE_BACKUP_MS;
  const age = last ? now - Date.parse(last.at) : Infinity;
  const when = last ? `bản gần nhất ${last.at} (${(age / 3600000).toFixed(1)} giờ trước)` : 'chưa có bản sao lưu nào trong thư mục dữ liệu';
  return {
    name: 'backup',
    label: 'Sao lưu',
    ok: age <= limit,
    detail: `${when}; lịch: ${schedule.everyHours > 0 ? `${schedule.everyHours} giờ một lần, giữ ${schedule.keep} bản` : 'tắt'}`,
    advice: schedule.everyHours > 0 ? 'xem nhật ký của phieu: bản sao lưu theo lịch không thành công' : 'bật sao lưu theo lịch (Quản trị → Sao lưu) hoặc chạy phieu backup; chép bản sao lưu ra ngoài máy',
  };
}
