/** Settings persisted as JSON documents by key; what a document may hold is its owner's business. */
import type { BankDatabase } from "../data-source.js";

export interface SettingsStore {
  get<T>(key: string): Promise<T | null>;
  put<T>(key: string, value: T): Promise<void>;
}

export function createSettingsStore(db: BankDatabase): SettingsStore {
  return {
    async get<T>(key: string) {
      const [row] = await db.reader.query(`SELECT "value" FROM "setting" WHERE "key" = ?`, [key]);
      return row ? (JSON.parse(row.value) as T) : null;
    },
    async put(key, value) {
      await db.transaction((manager) =>
        manager.query(
          `INSERT INTO "setting" ("key", "value", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
          [key, JSON.stringify(value), db.dialect.timestamp(new Date())],
        ),
      );
    },
  };
}
