import { createHmac, randomBytes } from 'node:crypto';

/** Marks a value the purge replaced: never a phone number, never matched by anything looking for one. */
export const PSEUDONYM_PREFIX = 'anon:';

/**
 * Replaces identifiers (phone numbers, ID numbers, accounts) by keyed one-way pseudonyms. One purge uses one
 * random key for every table, so two records that shared a phone number still share its pseudonym: the results'
 * "one person, at most N forms" rule joins exactly the same responses as before. The key is never stored, so
 * nobody — not even with the database and the installation's secret — can test a phone number against them.
 */
export function pseudonymiser(key = randomBytes(32)): (value: string) => string {
  return (value) => {
    if (value === '' || value.startsWith(PSEUDONYM_PREFIX)) return value;
    // Letters only (a–p for each hex digit): no run of digits that a log filter or a search could take for a phone.
    const digest = createHmac('sha256', key).update(value).digest('hex').slice(0, 24);
    return PSEUDONYM_PREFIX + digest.replace(/[0-9a-f]/g, (d) => String.fromCharCode(97 + parseInt(d, 16)));
  };
}
