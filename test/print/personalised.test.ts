import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { printForms } from '../../src/print/printForms.js';
import { pdfPagesText } from '../support/pdfText.js';

async function print(copies: Parameters<typeof printForms>[1]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await printForms(layoutForm(loadSurveyDefinition('sipas')), copies, out, { secret: Buffer.alloc(32, 3) });
  return Buffer.concat(chunks);
}

describe('personalised copies', () => {
  it('print the respondent’s name, case code, procedure and office, with diacritics, one serial per copy, in list order', async () => {
    const members = [
      { serial: 41, values: { name: 'Nguyễn Thị Hồng Nhung', caseCode: 'H35.12-240115-0042', procedure: 'Đăng ký khai sinh', office: 'UBND phường Phú Hội' } },
      { serial: 42, values: { name: 'Trần Văn Đức', caseCode: 'H35.12-240116-0007', procedure: 'Chứng thực bản sao từ bản chính', office: 'UBND phường Phú Hội' } },
    ];
    const pages = await print(members);
    const text = await pdfPagesText(pages);
    expect(text).toHaveLength(4);
    for (const [i, member] of members.entries()) {
      for (const value of Object.values(member.values)) expect(text[i * 2]).toContain(value);
      expect(text[i * 2]).toContain(`Phiếu số 000000${member.serial} · Trang 1/2`);
      expect(text[i * 2 + 1]).toContain(`Phiếu số 000000${member.serial} · Trang 2/2`);
    }
  });

  it('leave the respondent lines empty on a blank copy', async () => {
    const text = await pdfPagesText(await print([{ serial: 7, values: {} }]));
    expect(text[0]).toContain('Họ và tên:');
    expect(text[0]).not.toContain('Nguyễn');
  });
});
