import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../../src/errors/errorTable.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** A refused command: exit 1, the sentence on stderr, and with --json the same sentence and its code on stdout. */
async function refusal(args: string[], env: NodeJS.ProcessEnv = {}) {
  const data = path.join(tempDir(), 'data');
  const [plain, json] = await Promise.all([runPhieu(['--data', data, ...args], env), runPhieu(['--data', data, '--json', ...args], env)]);
  const answer = JSON.parse(json.stdout) as { error: string; code: keyof typeof ERROR_TABLE };
  expect([plain.code, json.code]).toEqual([1, 1]);
  // Warnings (a definition file set aside) may come first; the refusal is the last line.
  expect(plain.stderr.trimEnd().split('\n').at(-1)).toBe(`phieu: ${answer.error}`);
  expect(answer.code in ERROR_TABLE).toBe(true);
  return answer;
}

function file(name: string, content: string | Buffer): string {
  const at = path.join(tempDir(), name);
  fs.writeFileSync(at, content);
  return at;
}

describe('a refused command', () => {
  it('names a register without the office column, and one that is not text, in Vietnamese with their codes', async () => {
    const [columns, notText] = await Promise.all([
      refusal(['register', 'import', file('so.csv', 'Mã hồ sơ,Tên thủ tục\nA1,Cấp giấy\n')]),
      refusal(['register', 'import', file('so-hong.csv', Buffer.from([0xc3, 0x28, 0x61, 0x2c, 0x62, 0x0a]))]),
    ]);
    expect(columns).toEqual({ code: 'registerMissingColumns', error: 'so.csv: không thấy cột "Cơ quan/Đơn vị" ở dòng tiêu đề 1 (có: Mã hồ sơ, Tên thủ tục); dùng --map để chỉ rõ.' });
    expect(notText).toEqual({ code: 'tableNotText', error: expect.stringMatching(/^so-hong\.csv: không phải văn bản UTF-8/) });
  });

  it('names a broken mapping file, an unknown form, an empty register and a bad option value', async () => {
    const [mapping, form, draw, option] = await Promise.all([
      refusal(['import-electronic', file('x.csv', 'a,b\n'), '--mapping', file('anh-xa.json', '{"id": ')]),
      refusal(['sample', 'status', '999', 'handedOut']),
      refusal(['sample', 'draw']),
      refusal(['report', '--format', 'docx']),
    ]);
    expect(mapping).toEqual({ code: 'mappingDefinition', error: 'Tệp ánh xạ anh-xa.json có lỗi: không phải JSON hợp lệ (tệp kết thúc giữa chừng)' });
    expect(form).toEqual({ code: 'unknownForm', error: 'Không có phiếu số 999.' });
    expect(draw).toEqual({ code: 'registerEmpty', error: 'Sổ hồ sơ chưa có hồ sơ nào trong kỳ này: hãy nhập sổ trước khi chọn mẫu.' });
    expect(option).toEqual({ code: 'optionOneOf', error: '--format "docx": cần một trong xlsx, pdf, csv, json, spss.' });
  });

  it('names a survey that is not in the forms folder and the definition set aside, in Vietnamese words', async () => {
    const forms = tempDir();
    fs.writeFileSync(path.join(forms, 'thu.json'), JSON.stringify({ id: 'thu', name: 'Thử', title: 'Thử', instructions: 'x', sections: [{ questions: [{ id: 'q1', kind: 'single', text: 'Câu', options: [{ code: '1', label: 'Có' }] }] }] }));
    const answer = await refusal(['print', '--survey', 'thu', '--blank', '1', '--out', path.join(forms, 'x.pdf')], { PHIEU_FORMS: forms });
    expect(answer.code).toBe('surveyNotInFolder');
    expect(answer.error).toContain('Không có mẫu phiếu "thu"');
    expect(answer.error).toContain('thu.json (phần 1 › câu hỏi 1 › phương án (sections[0].questions[0].options): cần ít nhất hai phương án)');
  });
});
