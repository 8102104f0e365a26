import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { describeIssues, vietnameseIssues } from '../errors/zodVietnamese.js';

const optionCode = z.string().regex(/^[A-Za-z0-9]+$/);

/**
 * The counting rules and the index formula, each a setting (README in this folder explains them). Defaults follow the
 * SIPAS plans; a province that counts differently changes the setting, not the code.
 */
export const resultSettingsSchema = z.strictObject({
  /** A person counts for at most this many forms across all channels per calendar year (earliest kept); null: no limit. */
  maxFormsPerPerson: z.number().int().positive().nullable().default(3),
  /** Answers from staff accounts or devices, or carrying a staff member's phone number, are not counted. */
  excludeStaff: z.boolean().default(true),
  /** The same case answered more than once (paper and electronic, or twice on one channel) counts once. */
  oneAnswerPerCase: z.boolean().default(true),
  /** Which answer of a case counts: the earliest, or one of a channel first (then the earliest). */
  casePreference: z.enum(['earliest', 'paper', 'electronic']).default('earliest'),
  /** A form the citizen denied filling in when re-checked is not counted. */
  excludeDeniedOnRecheck: z.boolean().default(true),
  /** Paper forms whose review is unfinished (or pages missing) are reported as pending, not counted. */
  excludePending: z.boolean().default(true),
  /** Answer codes of the five-level scale counted as satisfied and as dissatisfied. */
  satisfiedCodes: z.array(optionCode).min(1).default(['4', '5']),
  dissatisfiedCodes: z.array(optionCode).min(1).default(['1', '2']),
  /** The normal quantile of the Wilson interval: 1.96 for 95 %. */
  intervalZ: z.number().positive().max(5).default(1.96),
  /** Offices with fewer counted answers than this are shown "ít mẫu" in every table and chart and are not ranked; 0: none. */
  smallSampleBelow: z.number().int().min(0).default(30),
});

export type ResultSettings = z.infer<typeof resultSettingsSchema>;
export type ResultSettingsInput = z.input<typeof resultSettingsSchema>;

export const DEFAULT_RESULT_SETTINGS: ResultSettings = resultSettingsSchema.parse({});

/** Settings from outside (a file, the database, a web form): unknown keys and bad values are refused with their path. */
export function parseResultSettings(value: unknown): ResultSettings {
  const parsed = resultSettingsSchema.safeParse(value ?? {}, { error: vietnameseIssues });
  if (!parsed.success) throw new PhieuError('invalidResultSettings', { problems: describeIssues(parsed.error) });
  return parsed.data;
}
