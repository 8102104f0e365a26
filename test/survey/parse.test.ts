import { describe, expect, it } from 'vitest';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';
import { parseSurveyDefinition, SurveyDefinitionError } from '../../src/survey/parse.js';

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
    expect(error).toBeInstanceOf(SurveyDefinitionError);
    expect((error as Error).message).toContain('forms/demo.json');
    return (error as SurveyDefinitionError).problems;
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
    expect(problemsOf(bad)).toEqual(['sections[0].questions[0].options: needs at least two options']);
  });

  it('refuses a question with more options than the review screen has keys for', () => {
    const bad = minimal();
    bad.sections[0].questions[0].options = Array.from({ length: 36 }, (_, i) => ({ code: String(i + 1), label: `Phương án ${i + 1}` }));
    expect(problemsOf(bad)).toEqual(['sections[0].questions[0].options: at most 35 options (one review key each)']);
    bad.sections[0].questions[0].options.pop();
    expect(parseSurveyDefinition(bad, 'forms/demo.json').sections[0].questions[0]).toMatchObject({ kind: 'single' });
  });

  it('names the field of an unknown question kind', () => {
    const bad = minimal() as any;
    bad.sections[0].questions.push({ id: 'q2', kind: 'slider', text: 'x' });
    expect(problemsOf(bad).join()).toContain('sections[0].questions[1].kind');
  });

  it('refuses a question id used twice and says where', () => {
    const bad = minimal() as any;
    bad.sections.push({ questions: [{ id: 'q1', kind: 'text', lines: 2, text: 'Ý kiến' }] });
    expect(problemsOf(bad).join()).toMatch(/sections\[1\]\.questions\[0\]\.id: question id "q1" is used twice \(also at sections\[0\]\.questions\[0\]\)/);
  });

  it('refuses a misspelt property instead of ignoring it', () => {
    const bad = minimal() as any;
    bad.sections[0].questions[0].optionz = [];
    expect(problemsOf(bad).join()).toContain('sections[0].questions[0]');
  });

  it('refuses text that is not JSON and says so', () => {
    expect(() => parseSurveyDefinition('{ id: ', 'forms/broken.json')).toThrow(/forms\/broken\.json: not valid JSON/);
  });
});
