import { describe, expect, it } from 'vitest';
import { decodeQrPayload, encodeQrPayload } from '../../src/qr/payload.js';

const secret = Buffer.alloc(32, 7);
const payload = { surveyId: 'sipas', layoutHash: '0123456789ab', serial: 4711, page: 2, pageCount: 2 };

describe('QR payload', () => {
  it('round-trips a signed payload', () => {
    expect(decodeQrPayload(encodeQrPayload(payload, secret), secret)).toEqual({ ok: true, payload });
  });

  it('fails verification when any one character is changed', () => {
    const text = encodeQrPayload(payload, secret);
    for (let i = 0; i < text.length; i++) {
      const alphabet = /\d/.test(text[i]) ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz';
      const swapped = alphabet[(alphabet.indexOf(text[i].toLowerCase()) + 1) % alphabet.length];
      const altered = text.slice(0, i) + swapped + text.slice(i + 1);
      expect(decodeQrPayload(altered, secret).ok, `changed position ${i}: ${altered}`).toBe(false);
    }
  });

  it('refuses a payload signed with another installation’s secret', () => {
    const result = decodeQrPayload(encodeQrPayload(payload, Buffer.alloc(32, 8)), secret);
    expect(result).toMatchObject({ ok: false, reason: 'badSignature', message: expect.stringMatching(/^Chữ ký của mã QR không khớp với hệ thống này/) });
  });

  it('tells a foreign QR code from a damaged one of ours', () => {
    expect(decodeQrPayload('https://example.org', secret)).toMatchObject({ ok: false, reason: 'notOurs', message: 'Mã QR không phải mã phiếu của phieu.' });
    expect(decodeQrPayload('phieu1|sipas|xyz|1|1/2|aaaaaaaaaaa', secret)).toMatchObject({ ok: false, reason: 'malformed', message: 'Mã QR "phieu1|sipas|xyz|1|1/2|aaaaaaaaaaa" bị hỏng hoặc sai dạng.' });
    expect(decodeQrPayload(encodeQrPayload({ ...payload, page: 3 }, secret), secret)).toMatchObject({ ok: false, reason: 'malformed', message: 'Mã QR ghi trang 3 trên 2 trang: không thể có.' });
  });
});
