import { DEFAULT_TIERS, sampleTiersSchema, type SampleTiers } from '../sampling/tiers.js';
import type { Db } from '../store/db.js';
import { readSetting, writeSetting, type Setting } from '../store/settings.js';

const SAMPLE_TIERS: Setting<SampleTiers> = { key: 'sampling.tiers', parse: (v) => sampleTiersSchema.parse(v), unset: DEFAULT_TIERS };

/** The minimum sample tiers in force: the stored setting, else the SIPAS defaults. */
export function loadSampleTiers(db: Db): SampleTiers {
  return readSetting(db, SAMPLE_TIERS);
}

export function saveSampleTiers(db: Db, tiers: unknown, actor: string): SampleTiers {
  return writeSetting(db, SAMPLE_TIERS, tiers, actor);
}
