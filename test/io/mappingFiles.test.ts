import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../src/io/mappingFiles.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('--mapping reads only mapping files', () => {
  it('refuses a file that is not a .json mapping without quoting anything it holds', () => {
    const file = path.join(tempDir(), 'passwd');
    fs.writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\n');
    const refused = (() => {
      try {
        loadMapping(file);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refused).toContain('passwd');
    expect(refused).toContain('.json');
    expect(refused).not.toContain('root:x');
  });

  it('refuses a .json file that is not JSON without quoting it', () => {
    const file = path.join(tempDir(), 'ghi-chu.json');
    fs.writeFileSync(file, 'MAT-KHAU-BI-MAT hunter2\n');
    expect(() => loadMapping(file)).toThrow(/ghi-chu\.json có lỗi: không phải JSON hợp lệ/);
    expect(() => loadMapping(file)).not.toThrow(/MAT-KHAU|hunter2/);
  });

  it('refuses a .json file far larger than any mapping before reading it', () => {
    const file = path.join(tempDir(), 'lon.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'x', padding: 'a'.repeat(2 * 1024 * 1024) }));
    expect(() => loadMapping(file)).toThrow(/lon\.json có lỗi: .*quá lớn/);
  });

  it('still reads a mapping file by path and a shipped one by name, and names what is shipped when a name is unknown', () => {
    const file = path.join(tempDir(), 'hue-s-copy.json');
    fs.copyFileSync(new URL('../../mappings/hue-s.json', import.meta.url), file);
    expect(loadMapping(file).mapping.id).toBe('hue-s');
    expect(loadMapping('kiosk').survey.id).toBeDefined();
    expect(() => loadMapping('../package')).toThrow(/có sẵn: hue-s, kiosk/);
  });
});
