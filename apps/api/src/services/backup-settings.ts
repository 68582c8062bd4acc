/**
 * Backup settings: automatic backups (quiet period and longest delay), the schedule, retention,
 * compression, and copies to a second repository (where, after every backup, on a schedule). Persisted in the bank's database, validated on every change (a bad value is
 * BAD_USER_INPUT naming the field), applied without a restart through `onChange`. Settings stored
 * before a field existed read with that field's default (e.g. retention's `keepDeliberateDays`).
 */
import { isAbsolute } from "node:path";
import {
  badInput,
  DEFAULT_COMPRESSION_QUALITY,
  DEFAULT_RETENTION,
  isS3Location,
  parseS3Location,
} from "@qvault/core";
import type { SettingsStore } from "@qvault/question-bank";
import { Cron } from "croner";
import { z } from "zod";

const count = z.number().int("must be a whole number").min(0, "must not be negative").max(100_000).nullable();

export const retentionSchema = z.object({
  keepLast: count,
  keepHourly: count,
  keepDaily: count,
  keepWeekly: count,
  keepMonthly: count,
  keepYearly: count,
  keepWithinDays: count,
  keepDeliberateDays: count,
  groupByTrigger: z.boolean().nullable(),
});

/** A cron expression croner reads, or null (an empty one is null). */
const cronExpression = z
  .string()
  .trim()
  .max(100)
  .nullable()
  .refine((expression) => {
    if (!expression) return true;
    try {
      new Cron(expression, { paused: true });
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid cron expression (e.g. "0 3 * * *" for 03:00 every day)')
  .transform((expression) => expression || null);

/** Where copies go: an absolute folder path or s3://bucket/prefix; null (or empty): no copy. */
const copyLocation = z
  .string()
  .trim()
  .max(1000)
  .nullable()
  .refine((location) => {
    if (!location) return true;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
    if (/[\u0000-\u001f\u007f]/.test(location)) return false;
    if (!isS3Location(location)) return isAbsolute(location);
    try {
      parseS3Location(location);
      return true;
    } catch {
      return false;
    }
  }, "must be an absolute folder path or s3://bucket/prefix")
  .transform((location) => location || null);

export const settingsSchema = z
  .object({
    autoBackupEnabled: z.boolean(),
    autoBackupDebounceMs: z
      .number()
      .int("must be a whole number")
      .min(50, "must be at least 50")
      .max(3_600_000, "must be at most an hour"),
    autoBackupMaxDelayMs: z
      .number()
      .int("must be a whole number")
      .min(100, "must be at least 100")
      .max(86_400_000, "must be at most a day"),
    schedule: cronExpression,
    retention: retentionSchema,
    autoPruneEnabled: z.boolean(),
    compressionQuality: z
      .number()
      .int("must be a whole number")
      .min(0, "must be from 0 to 11")
      .max(11, "must be from 0 to 11"),
    copyTo: copyLocation,
    copyAfterBackup: z.boolean(),
    copySchedule: cronExpression,
    drillSchedule: cronExpression,
  })
  .refine((s) => s.autoBackupMaxDelayMs >= s.autoBackupDebounceMs, {
    path: ["autoBackupMaxDelayMs"],
    message: "must not be shorter than autoBackupDebounceMs",
  });

/** Standard cron: minute, hour, day of month, month, day of week (no seconds field). */
const CRON_FIELDS = 5;

/**
 * A cron expression as a new schedule must be: five standard fields (minute hour day-of-month
 * month day-of-week) or a nickname such as `@daily`, and one croner reads.
 * @throws BAD_USER_INPUT naming `field` (`schedule`, `copySchedule` or `drillSchedule`)
 */
export function checkSchedule(expression: string, field = "schedule"): string {
  const schedule = expression.trim();
  if (!schedule.startsWith("@")) {
    const fields = schedule.split(/\s+/).length;
    if (fields !== CRON_FIELDS)
      throw badInput(
        field,
        `${field} must have ${CRON_FIELDS} fields (minute hour day-of-month month day-of-week), not ${fields}`,
      );
  }
  const parsed = cronExpression.safeParse(schedule);
  if (!parsed.success) throw refusal(parsed.error, field);
  if (!parsed.data) throw badInput(field, `${field} must not be empty`);
  return parsed.data;
}

/** When `schedule` fires next, up to `count` times after `from`. */
export function scheduleRuns(schedule: string, count: number, from = new Date()): Date[] {
  const cron = new Cron(schedule, { paused: true });
  const runs: Date[] = [];
  let next = cron.nextRun(from);
  while (next && runs.length < count) {
    runs.push(next);
    next = cron.nextRun(next);
  }
  return runs;
}

/** The first problem of a failed check, as BAD_USER_INPUT naming its field under `prefix`. */
function refusal(error: z.ZodError, prefix = "") {
  const issue = error.issues[0]!;
  const field = prefix + issue.path.join(".");
  return badInput(field, `${field} ${issue.message}`);
}

/** A retention policy, checked. @throws BAD_USER_INPUT naming the field, e.g. `retention.keepLast` */
export function checkRetention(policy: unknown): RetentionPolicy {
  const parsed = retentionSchema.safeParse(policy);
  if (!parsed.success) throw refusal(parsed.error, "retention.");
  return parsed.data;
}

export type BackupSettings = z.output<typeof settingsSchema>;
export type RetentionPolicy = z.output<typeof retentionSchema>;

export const DEFAULT_SETTINGS: BackupSettings = {
  autoBackupEnabled: true,
  autoBackupDebounceMs: 500,
  autoBackupMaxDelayMs: 2_000,
  schedule: "0 3 * * *",
  // Core's: deliberate backups kept 30 days, the counts applied to each trigger on its own.
  retention: { ...DEFAULT_RETENTION },
  autoPruneEnabled: true,
  compressionQuality: DEFAULT_COMPRESSION_QUALITY,
  copyTo: null,
  copyAfterBackup: true,
  copySchedule: null,
  // Sundays at 04:00: a weekly proof that the newest backup restores.
  drillSchedule: "0 4 * * 0",
};

export type SettingsChange = Partial<Omit<BackupSettings, "retention">> & {
  retention?: Partial<RetentionPolicy> | null;
};

const KEY = "backup";

export interface BackupSettingsService {
  get(): Promise<BackupSettings>;
  /** Applies a change (omitted fields keep their value). @throws BAD_USER_INPUT naming the field. */
  update(change: SettingsChange): Promise<BackupSettings>;
  onChange(listener: (settings: BackupSettings) => void): void;
  /** Reads the settings again (another instance changed them) and tells the listeners. */
  reload(): Promise<BackupSettings>;
  /** The next time the schedule fires, or null. */
  nextRun(settings: BackupSettings, from?: Date): Date | null;
}

/**
 * `announce` is called once a change is stored, to tell the other instances (which then call
 * {@link BackupSettingsService.reload}).
 */
export function createBackupSettings(
  store: SettingsStore,
  initial: Partial<BackupSettings> = {},
  announce: () => void = () => {},
): BackupSettingsService {
  const listeners: ((settings: BackupSettings) => void)[] = [];
  let cached: BackupSettings | null = null;
  return {
    async get() {
      if (!cached) {
        const stored = await store.get<BackupSettings>(KEY);
        const merged = {
          ...DEFAULT_SETTINGS,
          ...initial,
          ...stored,
          retention: { ...DEFAULT_SETTINGS.retention, ...stored?.retention },
        };
        const parsed = settingsSchema.safeParse(merged);
        cached = parsed.success ? parsed.data : { ...DEFAULT_SETTINGS, ...initial };
      }
      return cached;
    },
    async update(change) {
      // Read afresh: another instance may have changed other fields since.
      cached = null;
      const current = await this.get();
      const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
      const next = {
        ...current,
        ...defined,
        retention: { ...current.retention, ...(change.retention ?? {}) },
      };
      // Checked on change only: a schedule saved before this rule still reads as it was.
      if (typeof change.schedule === "string" && change.schedule.trim()) checkSchedule(change.schedule);
      if (typeof change.copySchedule === "string" && change.copySchedule.trim())
        checkSchedule(change.copySchedule, "copySchedule");
      if (typeof change.drillSchedule === "string" && change.drillSchedule.trim())
        checkSchedule(change.drillSchedule, "drillSchedule");
      const parsed = settingsSchema.safeParse(next);
      if (!parsed.success) throw refusal(parsed.error);
      await store.put(KEY, parsed.data);
      cached = parsed.data;
      for (const listener of listeners) listener(parsed.data);
      announce();
      return parsed.data;
    },
    async reload() {
      cached = null;
      const next = await this.get();
      for (const listener of listeners) listener(next);
      return next;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    nextRun(settings, from = new Date()) {
      return settings.schedule ? (scheduleRuns(settings.schedule, 1, from)[0] ?? null) : null;
    },
  };
}
