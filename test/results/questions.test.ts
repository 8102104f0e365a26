import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { choiceQuestions } from '../../src/results/questions.js';

const measured = (id: string) => choiceQuestions(loadSurveyDefinition(id)).filter((q) => q.satisfaction).map((q) => [q.questionId, q.element, q.criterion]);

describe('which questions the indices measure', () => {
  it('takes the SIPAS criteria and the overall question, not the age band coded 1 to 5', () => {
    expect(measured('sipas')).toEqual([
      ...['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3', 'c4', 'd1', 'd2', 'e1', 'e2', 'e3'].map((id) => [id, id[0].toUpperCase(), id.toUpperCase()]),
      ['overall', null, 'overall'],
    ]);
  });

  it('takes the one-stop form\'s two five-level questions, printed best first, under their elements', () => {
    expect(measured('one-stop')).toEqual([
      ['result_satisfaction', 'D', 'result_satisfaction'],
      ['staff_satisfaction', 'C', 'staff_satisfaction'],
    ]);
  });

  it('measures nothing on the quick survey, whose answers are reported as distributions', () => {
    expect(measured('quick')).toEqual([]);
    expect(choiceQuestions(loadSurveyDefinition('quick')).map((q) => q.questionId)).toEqual(['q1', 'q2']);
  });
});
