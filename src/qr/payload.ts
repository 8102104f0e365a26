import { createHmac, timingSafeEqual } from 'node:crypto';

/** What every printed page's QR code says about itself. */
export interface QrPayload {
  surveyId: string;
  layoutHash: string;
  serial: number;
  page: number;
  pageCount: number;
}

export type QrCheck = { ok: true; payload: QrPayload } | { ok: false; reason: 'notOurs' | 'malformed' | 'badSignature'; message: string };

const PREFIX = 'phieu1';
const MAC_BYTES = 8;

function mac(body: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES).toString('base64url');
}

/** `phieu1|sipas|3f9a0c1d2b4e|123|1/2|<mac>`: short enough for a small QR, signed so a made-up serial is detectable. */
export function encodeQrPayload(payload: QrPayload, secret: Buffer): string {
  const body = [PREFIX, payload.surveyId, payload.layoutHash, payload.serial, `${payload.page}/${payload.pageCount}`].join('|');
  return `${body}|${mac(body, secret)}`;
}

export function decodeQrPayload(text: string, secret: Buffer): QrCheck {
  const parts = text.split('|');
  if (parts[0] !== PREFIX) return { ok: false, reason: 'notOurs', message: 'Mã QR không phải mã phiếu của phieu.' };
  const match = parts.length === 6 && /^(\d+)\/(\d+)$/.exec(parts[4]);
  const serial = Number(parts[3]);
  if (!match || !/^[a-z][a-z0-9_-]*$/.test(parts[1]) || !/^[0-9a-f]{12}$/.test(parts[2]) || !/^\d{1,12}$/.test(parts[3])) {
    return { ok: false, reason: 'malformed', message: `Mã QR "${text.slice(0, 80)}" bị hỏng hoặc sai dạng.` };
  }
  const page = Number(match[1]);
  const pageCount = Number(match[2]);
  if (page < 1 || page > pageCount) return { ok: false, reason: 'malformed', message: `Mã QR ghi trang ${page} trên ${pageCount} trang: không thể có.` };
  const body = parts.slice(0, 5).join('|');
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(parts[5]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'badSignature', message: 'Chữ ký của mã QR không khớp với hệ thống này (mã bị sửa, hoặc phiếu in ở nơi khác).' };
  }
  return { ok: true, payload: { surveyId: parts[1], layoutHash: parts[2], serial, page, pageCount } };
}

/** How staff read and say a serial: eight digits. */
export function formatSerial(serial: number): string {
  return String(serial).padStart(8, '0');
}
