import { describe, expect, it } from 'vitest';
import { browseTextClips } from '../../src/review/textClips.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('browsing written answers', () => {
  it('finds comments by office, question and the words typed for them, and lists names and addresses only with personal-data access', async () => {
    const { db, officeCode, oneStop } = await personalDataFixture(tempDir(), { resolve: true });
    const questionsOf = (clips: { questionId: string }[]) => [...new Set(clips.map((c) => c.questionId))].sort();

    const withoutPersonal = browseTextClips(db, { office: officeCode, limit: 500 }, { personalData: false });
    expect(questionsOf(withoutPersonal)).toEqual(['comment', 'other_comments', 'procedure', 'staff']);
    const withPersonal = browseTextClips(db, { office: officeCode, limit: 500 }, { personalData: true });
    expect(questionsOf(withPersonal)).toEqual(['address', 'comment', 'name', 'other_comments', 'procedure', 'staff']);
    expect(withPersonal.filter((c) => c.questionId === 'name').map((c) => c.typed)).toContain(WRITERS[1].name);

    const found = browseTextClips(db, { questionId: 'other_comments', text: 'nhiệt tình' }, { personalData: false });
    expect(found.map((c) => c.serial).sort()).toEqual(oneStop.serials.slice(0, 5).sort());
    expect(found[0]).toMatchObject({ typed: 'Nhân viên nhiệt tình', questionText: '4. Ý kiến đóng góp khác', officeCode });
    expect(browseTextClips(db, { questionId: 'other_comments', text: 'chậm trễ' }, { personalData: false })).toEqual([]);
    expect(browseTextClips(db, { office: 'khong-co', questionId: 'other_comments' }, { personalData: false })).toEqual([]);
  });

  it('finds a comment nobody typed by the words OCR read in it, and never a name for a role without personal-data access', async () => {
    const { db, sipas } = await personalDataFixture(tempDir(), { resolve: false });
    const found = browseTextClips(db, { text: 'chỗ ngồi' }, { personalData: false });
    expect(found.map((c) => c.serial).sort()).toEqual([...sipas.serials].sort());
    expect(found[0]).toMatchObject({ questionId: 'comment', typed: null, machineText: 'Cần thêm chỗ ngồi chờ' });
    expect(browseTextClips(db, { text: WRITERS[0].name }, { personalData: false })).toEqual([]);
    expect(browseTextClips(db, { text: WRITERS[0].name }, { personalData: true }).map((c) => c.questionId)).toContain('name');
  });
});
