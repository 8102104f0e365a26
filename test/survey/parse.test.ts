import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMS_DIR, loadSurveyDefinition, loadSurveyDefinitions, readSurveyFolder } from '../../src/io/surveyFiles.js';
import { isPhieuError } from '../../src/errors/errorTable.js';
import { parseSurveyDefinition } from '../../src/survey/parse.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const minimal = () => ({
  id: 'demo',
  name: 'Demo',
  title: 'PHIẾU',
  instructions: 'Đánh dấu X.',
  sections: [{ questions: [{ id: 'q1', kind: 'single', text: 'Câu hỏi', options: [{ code: '1', label: 'Có' }, { code: '2', label: 'Không' }] }] }],
});

function problemsOf(value: unknown): string[] {
  try {
    parseSurveyDefinition(value, 'forms/demo.json');
  } catch (error) {
    if (!isPhieuError(error, 'surveyDefinition')) throw error;
    expect(error.message).toContain('forms/demo.json');
    return error.params.problems;
  }
  throw new Error('expected the definition to be refused');
}

describe('survey definitions', () => {
  it('loads the three shipped surveys with their Vietnamese text intact', () => {
    const surveys = loadSurveyDefinitions();
    expect([...surveys.keys()].sort()).toEqual(['one-stop', 'quick', 'sipas']);
    const sipas = surveys.get('sipas')!;
    expect(sipas.sections.flatMap((s) => s.questions).filter((q) => q.kind === 'scale')).toHaveLength(16);
    expect(sipas.title).toContain('SỰ HÀI LÒNG CỦA NGƯỜI DÂN');
    expect(surveys.get('one-stop')!.sections[0].questions.find((q) => q.id === 'phone')).toMatchObject({ kind: 'digits', length: 10, format: 'phone' });
  });

  it('names the path of a question with too few options', () => {
    const bad = minimal();
    bad.sections[0].questions[0].options = [{ code: '1', label: 'Có' }];
    expect(problemsOf(bad)).toEqual(['phần 1 › câu hỏi 1 › phương án (sections[0].questions[0].options): cần ít nhất hai phương án']);
  });

  it('refuses a question with more options than the review screen has keys for', () => {
    const bad = minimal();
    bad.sections[0].questions[0].options = Array.from({ length: 36 }, (_, i) => ({ code: String(i + 1), label: `Phương án ${i + 1}` }));
    expect(problemsOf(bad)).toEqual(['phần 1 › câu hỏi 1 › phương án (sections[0].questions[0].options): nhiều nhất 35 phương án (mỗi phương án một phím khi duyệt)']);
    bad.sections[0].questions[0].options.pop();
    expect(parseSurveyDefinition(bad, 'forms/demo.json').sections[0].questions[0]).toMatchObject({ kind: 'single' });
  });

  it('names the field of an unknown question kind', () => {
    const bad = minimal() as any;
    bad.sections[0].questions.push({ id: 'q2', kind: 'slider', text: 'x' });
    expect(problemsOf(bad)).toEqual(['phần 1 › câu hỏi 2 › loại câu hỏi (sections[0].questions[1].kind): không khớp dạng nào được chấp nhận']);
  });

  it('refuses a question id used twice and says where', () => {
    const bad = minimal() as any;
    bad.sections.push({ questions: [{ id: 'q1', kind: 'text', lines: 2, text: 'Ý kiến' }] });
    expect(problemsOf(bad).join()).toBe('phần 2 › câu hỏi 1 › mã (sections[1].questions[0].id): mã câu hỏi "q1" bị dùng hai lần (đã có ở phần 1 › câu hỏi 1 (sections[0].questions[0]))');
  });

  it('refuses a misspelt property instead of ignoring it', () => {
    const bad = minimal() as any;
    bad.sections[0].questions[0].optionz = [];
    expect(problemsOf(bad)).toEqual(['phần 1 › câu hỏi 1 (sections[0].questions[0]): có trường không dùng được: "optionz"']);
  });

  it('refuses text that is not JSON and says so', () => {
    expect(() => parseSurveyDefinition('{ id: ', 'forms/broken.json')).toThrow(/forms\/broken\.json có lỗi: không phải JSON hợp lệ/);
  });
});

/** A forms folder with the shipped surveys and the given extra files. */
function formsFolder(extra: Record<string, string>): string {
  const dir = tempDir();
  for (const name of fs.readdirSync(FORMS_DIR).filter((n) => n.endsWith('.json'))) fs.copyFileSync(path.join(FORMS_DIR, name), path.join(dir, name));
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('a forms folder with a broken file', () => {
  it('sets aside a file that is not JSON and one that fails the schema, naming each with its reason, and keeps the other surveys', () => {
    const bad = minimal();
    bad.id = 'thu-nghiem';
    bad.sections[0].questions[0].options = [{ code: '1', label: 'Có' }];
    const dir = formsFolder({ 'a-broken.json': '{ "id": "hong", ', 'b-schema.json': JSON.stringify(bad) });
    const { surveys, problems } = readSurveyFolder(dir);
    expect([...surveys.keys()].sort()).toEqual(['one-stop', 'quick', 'sipas']);
    expect(problems).toEqual([
      { file: expect.stringMatching(/a-broken\.json$/), reason: expect.stringMatching(/^không phải JSON hợp lệ/) },
      { file: expect.stringMatching(/b-schema\.json$/), reason: 'phần 1 › câu hỏi 1 › phương án (sections[0].questions[0].options): cần ít nhất hai phương án' },
    ]);
    expect(loadSurveyDefinition('quick', dir).id).toBe('quick');
    expect(() => loadSurveyDefinition('thu-nghiem', dir)).toThrow(/Không có mẫu phiếu "thu-nghiem".*b-schema\.json \(phần 1 › câu hỏi 1 › phương án \(sections\[0\]\.questions\[0\]\.options\): cần ít nhất hai phương án\)/);
  });

  it('sets aside a second file that reuses a survey id, saying which file has it', () => {
    const dir = formsFolder({ 'z-copy.json': fs.readFileSync(path.join(FORMS_DIR, 'quick.json'), 'utf8') });
    const { surveys, problems } = readSurveyFolder(dir);
    expect(surveys.size).toBe(3);
    expect(problems).toEqual([{ file: expect.stringMatching(/z-copy\.json$/), reason: expect.stringMatching(/mã phiếu "quick" đã được định nghĩa trong .*quick\.json/) }]);
  });
});

describe('a survey definition refused in Vietnamese', () => {
  it('says what zod finds wrong in plain Vietnamese, naming each field in words and by its place in the file', () => {
    const bad = minimal() as any;
    bad.sections[0].questions.push({ id: 'q2', kind: 'digits', text: 'Số điện thoại', length: 0, format: 'fax' });
    delete bad.title;
    expect(problemsOf(bad)).toEqual([
      'tiêu đề (title): thiếu (cần chữ)',
      'phần 1 › câu hỏi 2 › số chữ số (sections[0].questions[1].length): cần từ 1 trở lên',
      'phần 1 › câu hỏi 2 › dạng (sections[0].questions[1].format): cần một trong "phone", "caseCode", "number"',
    ]);
  });
});
