/**
 * A numbered schema migration. Each runs once, inside a transaction, in order; `PRAGMA user_version` records the last
 * one applied. Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
