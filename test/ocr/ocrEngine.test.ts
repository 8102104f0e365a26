import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matchKnownList } from '../../src/handwriting/matchKnownList.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { PhieuError } from '../../src/errors/errorTable.js';
import { createOcrEngine, type OcrEngine } from '../../src/ocr/ocrEngine.js';
import { OcrSession } from '../../src/ocr/ocrSession.js';
import { ocrInput } from '../../src/ocr/suggestText.js';
import type { GrayImage } from '../../src/image/grayImage.js';
import { characterErrorRate, printedLines } from '../support/printedLines.js';

const png = (image: GrayImage) => ocrInput(image);
const engines: OcrEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

describe('Vietnamese OCR offline', () => {
  it('fails with a clear error when its data folder is empty, reading the local file instead of downloading', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-no-ocr-data-'));
    const before = fs.readdirSync(process.cwd());
    const failure = await createOcrEngine(empty).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'ocrDataMissing' });
    expect(failure).toBeInstanceOf(PhieuError);
    // The error names the local file; a download attempt would name a URL (and would only fail here by luck of
    // having no network, from inside tesseract.js's worker, uncaught).
    expect(String((failure as Error).message)).toContain(path.join(empty, 'vie.traineddata.gz'));
    expect(String((failure as Error).message)).not.toMatch(/https?:|fetch/i);
    // Nothing is cached into the working folder.
    expect(fs.readdirSync(process.cwd())).toEqual(before);
    fs.rmSync(empty, { recursive: true, force: true });
  });


  it('reads the values a personalised copy prints back exactly, offline from the data shipped in node_modules', async () => {
    const procedures = ['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Cấp giấy chứng nhận quyền sử dụng đất', 'Chứng thực chữ ký', 'Cấp bản sao trích lục hộ tịch'];
    const engine = await createOcrEngine();
    engines.push(engine);
    const clips = await printedLines(procedures);
    for (const [i, clip] of clips.entries()) {
      const result = await engine.recognize(await png(clip), 'line');
      expect(result.text).toBe(procedures[i]);
      expect(result.confidence).toBeGreaterThan(60);
      expect(matchKnownList(result.text, procedures, HANDWRITING_SETTINGS.text.listMatchWithin)?.entry).toBe(procedures[i]);
    }
  });

  it('answers every zone at once with the reason when the engine cannot start', async () => {
    const session = new OcrSession(5_000, fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-no-ocr-data-')));
    const [clip] = await printedLines(['Đăng ký kết hôn']);
    const outcome = await session.read(await png(clip), 'line');
    expect(outcome).toMatchObject({ ok: false, reason: 'unavailable' });
    await session.close();
  });

  it('gives up on a zone that takes longer than its timeout and starts a fresh engine for the next', async () => {
    const [clip] = await printedLines(['Chứng thực chữ ký']);
    const image = await png(clip);
    const impatient = new OcrSession(1);
    expect(await impatient.read(image, 'line')).toMatchObject({ ok: false, reason: 'timeout' });
    await impatient.close();
    const session = new OcrSession(30_000);
    expect(await session.read(image, 'line')).toMatchObject({ ok: true, text: 'Chứng thực chữ ký' });
    await session.close();
  });

  it('gives each zone the same suggestion whether it is read alone or while the other page workers send zones of the other layout', async () => {
    const [first, second, third] = await printedLines(['Cán bộ rất nhiệt tình', 'Thời gian chờ quá lâu', 'Đăng ký khai sinh']);
    // A comment box: two written lines, read as a block.
    const block: GrayImage = { width: first.width, height: first.height + second.height, data: new Uint8Array([...first.data, ...second.data]) };
    const zones = [
      { png: await png(first), layout: 'line' as const },
      { png: await png(block), layout: 'block' as const },
      { png: await png(third), layout: 'line' as const },
    ];
    const alone = new OcrSession(60_000);
    const oneByOne = [];
    for (const zone of zones) oneByOne.push(await alone.read(zone.png, zone.layout));
    await alone.close();
    expect(oneByOne[1]).toMatchObject({ ok: true, text: 'Cán bộ rất nhiệt tình Thời gian chờ quá lâu' });
    // Page workers share the session and ask at the same moment.
    const shared = new OcrSession(60_000);
    const together = await Promise.all(zones.map((zone) => shared.read(zone.png, zone.layout)));
    await shared.close();
    expect(together).toEqual(oneByOne);
  });
});
