/**
 * The bad values of every argument and input field of the API, by key (`Query.backups(first)`,
 * `QuestionInput.prompt`; see schema-inventory.ts): a table of chosen values with the answer each
 * must get, and random ones (fast-check). Values of the wrong GraphQL type are not listed here:
 * the suite derives them from each argument's type.
 *
 * An expectation is an error code (BAD_USER_INPUT unless said), `null` (a single item that does
 * not exist) or `ok` (a filter that matches nothing). `field` is the `extensions.field` expected,
 * relative to the input object holding the value (the suite prefixes `questions.0.` and the like).
 */
import fc from "fast-check";

/** Things of the seeded server that bad values point at or next to. */
export interface Known {
  sectionId: string;
  /** The position of another section. */
  takenSectionPosition: number;
  questionId: string;
  /** The position of another question in the same section. */
  takenQuestionPosition: number;
  backupId: string;
  /** The finished BACKUP job that made the backup. */
  jobId: string;
  /** A VIEWER key nobody uses. */
  keyId: string;
}

export type Outcome = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "null" | "ok";

export interface Expectation {
  outcome?: Outcome;
  /** `extensions.field`; false: not checked. @default the value's own name */
  field?: string | false;
  /** Sibling fields to set so that this value is the only problem, e.g. `{ scope: "SECTIONS" }`. */
  siblings?: Record<string, unknown>;
  /** What the message must say, where the code alone does not tell one refusal from another. */
  message?: RegExp;
}

export interface Bad extends Expectation {
  why: string;
  value: unknown | ((known: Known) => unknown);
  /** Owners (`Mutation.importQuestions`) where the answer differs. */
  byOwner?: Record<string, Expectation>;
}

export interface Row {
  bad?: Bad[];
  /** Random values; with `valid`, mixed good and bad (read-only owners only), else all bad. */
  property?: Expectation & {
    arbitrary: fc.Arbitrary<unknown>;
    valid?: (value: unknown) => boolean;
    byOwner?: Record<string, Expectation>;
  };
  /** Why only values of the wrong type apply (booleans, enums, whole input objects). */
  typesOnly?: string;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
export const MEGABYTE = "m".repeat(1_000_000);
const long = (length: number) => "x".repeat(length);

/** Whole numbers a GraphQL Int can carry outside min..max. */
const outside = (min: number, max: number) =>
  fc.oneof(
    ...[
      min > INT_MIN ? fc.integer({ min: INT_MIN, max: min - 1 }) : null,
      max < INT_MAX ? fc.integer({ min: max + 1, max: INT_MAX }) : null,
    ].filter((a): a is fc.Arbitrary<number> => a !== null),
  );
/** Whole numbers in and around min..max and anywhere, judged by the range. */
const around = (min: number, max: number) => ({
  arbitrary: fc.oneof(fc.integer({ min: min - 3, max: max + 3 }), fc.integer({ min: INT_MIN, max: INT_MAX })),
  valid: (value: unknown) => (value as number) >= min && (value as number) <= max,
});
/** Strings whose trimmed length is over `max`. */
const tooLong = (max: number) =>
  fc.string({ unit: "binary", minLength: max + 1, maxLength: max + 40 }).map((s) => `<${s}>`);
/** Strings that trim to nothing. */
const blank = fc.string({
  unit: fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\ufeff"),
  maxLength: 12,
});
/** Ids that name nothing. */
const unknownId = fc.string({ unit: "binary", minLength: 1, maxLength: 64 });
const decodes = (cursor: string) => {
  try {
    return Array.isArray(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    return false;
  }
};
/** Strings that are not a bank cursor (base64url JSON of the row's sort key). */
const notBankCursor = fc.string({ unit: "binary", minLength: 1, maxLength: 80 }).filter((s) => !decodes(s));
/** Strings that are not an offset cursor (base 36). */
const notOffsetCursor = fc
  .string({ unit: "binary", minLength: 1, maxLength: 40 })
  .filter((s) => !/^[0-9a-z]{1,10}$/.test(s));

const FIELD_RANGES = [59, 23, 31, 12, 7];
/** Cron expressions that are not valid: a field out of range, or not 5 fields. */
const badCron = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 4 }),
      fc.array(fc.constantFrom("*", "1", "*/5", "1-3"), { minLength: 5, maxLength: 5 }),
      fc.integer({ min: 1, max: 500 }),
    )
    .map(([i, fields, over]) =>
      fields.map((f, j) => (j === i ? String(FIELD_RANGES[i]! + over) : f)).join(" "),
    ),
  fc
    .array(fc.constantFrom("*", "0", "1", "*/2"), { minLength: 1, maxLength: 9 })
    .filter((fields) => fields.length !== 5)
    .map((fields) => fields.join(" ")),
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 40 })
    .filter((s) => s.trim() !== "" && !s.trim().startsWith("@") && s.trim().split(/\s+/).length !== 5),
);

const count = (min: number, max: number, name = "value"): Row => ({
  bad: [
    { why: `${name} below ${min}`, value: min - 1 },
    { why: "the smallest Int", value: INT_MIN },
    { why: `${name} over ${max}`, value: max + 1 },
    { why: "the largest Int", value: INT_MAX },
  ],
  property: { arbitrary: outside(min, max) },
});
const page: Row = {
  bad: [
    { why: "zero", value: 0 },
    { why: "negative", value: -1 },
    { why: "over 100", value: 101 },
    { why: "enormous", value: INT_MAX },
  ],
  property: around(1, 100),
};
const bankCursor: Row = {
  bad: [
    { why: "not base64url JSON", value: "not-a-cursor" },
    { why: "JSON of the wrong shape", value: Buffer.from('{"a":1}').toString("base64url") },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: { arbitrary: notBankCursor },
};
const offsetCursor: Row = {
  bad: [
    { why: "not base 36", value: "Zz!" },
    { why: "too many digits", value: "zzzzzzzzzzz" },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: { arbitrary: notOffsetCursor },
};
const idCursor: Row = {
  bad: [
    { why: "an id this list never gave", value: "nope" },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: { arbitrary: unknownId },
};
const missing = (outcome: Outcome): Row => ({
  bad: [
    { why: "an unknown id", value: "00000000-0000-0000-0000-000000000000", outcome },
    { why: "a path-like id", value: "../../etc/passwd", outcome },
    { why: "a megabyte id", value: MEGABYTE, outcome },
  ],
  property: { arbitrary: unknownId, outcome },
});
const filterId: Row = {
  bad: [
    { why: "an unknown id matches nothing", value: "nope", outcome: "ok" },
    { why: "a megabyte id matches nothing", value: MEGABYTE, outcome: "ok" },
  ],
  property: { arbitrary: unknownId, outcome: "ok" },
};
const dateTime: Row = {
  bad: [
    { why: "a day that does not exist", value: "2025-02-30T00:00:00Z", field: false },
    { why: "an hour that does not exist", value: "2025-01-01T25:00:00Z", field: false },
    { why: "a date without a time", value: "2025-01-01", field: false },
  ],
  property: {
    arbitrary: fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !/^\d{4}-\d\d-\d\dT/.test(s)),
    field: false,
  },
};
const search = (measure: (s: string) => number): Row => ({
  bad: [
    { why: "201 characters", value: long(201) },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: {
    arbitrary: fc.oneof(
      fc.string({ unit: "binary", maxLength: 260 }),
      fc.string({ unit: "binary", minLength: 195, maxLength: 206 }),
    ),
    valid: (value) => measure(value as string) <= 200,
  },
});
const text = (max: number, required: boolean): Row => ({
  bad: [
    ...(required
      ? [
          { why: "empty", value: "" },
          { why: "only spaces", value: " \t\n " },
        ]
      : []),
    { why: `${max + 1} characters`, value: long(max + 1) },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: { arbitrary: required ? fc.oneof(blank, tooLong(max)) : tooLong(max) },
});
const position = (taken: (known: Known) => number): Row => ({
  bad: [
    { why: "negative", value: -1 },
    { why: "over 1,000,000,000", value: 1_000_000_001 },
    { why: "the largest Int", value: INT_MAX },
    { why: "taken by another", value: taken },
  ],
  property: { arbitrary: outside(0, 1_000_000_000) },
});
const ids = (scope: string, limit: number, unknownOutcome: Outcome = "BAD_USER_INPUT"): Row => ({
  bad: [
    { why: `none for ${scope}`, value: [], siblings: { scope } },
    { why: "an id that names nothing", value: ["nope"], siblings: { scope }, outcome: unknownOutcome },
    {
      why: `over ${limit} ids`,
      value: Array.from({ length: limit + 1 }, (_, i) => i.toString(36)),
      siblings: { scope },
      message: new RegExp(`at most ${limit}`),
    },
    {
      why: "more ids than one query may bind",
      value: Array.from({ length: 100_001 }, (_, i) => i.toString(36)),
      siblings: { scope },
      message: /at most/,
    },
  ],
  property: {
    arbitrary: fc.array(unknownId, { minLength: 1, maxLength: 20 }),
    siblings: { scope },
    outcome: unknownOutcome,
  },
});
const answer = { text: "A", isCorrect: true };
/** An imported question must name the section it is imported into. */
const importedElsewhere: Expectation = { outcome: "BAD_USER_INPUT", field: "sectionId" };
/** A cron expression as a schedule must be (updateBackupSettings, scheduleRuns). */
const cronRow: Row = {
  bad: [
    { why: "a minute of 61", value: "61 * * * *" },
    { why: "four fields", value: "* * * *" },
    { why: "a seconds field", value: "* * * * * *" },
    { why: "words", value: "every night at three" },
    { why: "an unsupported nickname", value: "@reboot" },
    { why: "101 characters", value: `0 3 * * *${" ".repeat(50)}${"1".repeat(42)}` },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: { arbitrary: badCron },
};

const retention: Row = { ...count(0, 100_000), property: around(0, 100_000) };

/** An http(s) URL a notification goes to (a webhook, a ping). */
const notificationUrl: Row = {
  bad: [
    { why: "another scheme", value: "ftp://example.com/hook" },
    { why: "a path alone", value: "/hook" },
    { why: "words", value: "the ops channel" },
    { why: "a scheme alone", value: "https://" },
    { why: "a megabyte", value: MEGABYTE },
  ],
  property: {
    arbitrary: fc
      .string({ unit: "binary", minLength: 1, maxLength: 60 })
      .filter((s) => !/^\s*https?:\/\//i.test(s)),
  },
};
/** An email address. */
const address = fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).filter((s) => !s.includes("@"));

/** Bad values by key. Every key of the schema must have a row. */
export const BAD_VALUES: Record<string, Row> = {
  "Query.backups(first)": page,
  "Query.backups(after)": idCursor,
  "Query.backups(trigger)": { typesOnly: "an enum" },
  "Query.backups(sectionId)": filterId,
  "Query.backups(from)": dateTime,
  "Query.backups(to)": dateTime,
  "Query.backup(id)": missing("null"),
  "Query.section(id)": missing("null"),
  "Query.questions(first)": page,
  "Query.questions(after)": bankCursor,
  "Query.questions(sectionId)": filterId,
  "Query.questions(search)": search((s) => s.trim().length),
  "Query.question(id)": missing("null"),
  "Query.jobs(first)": page,
  "Query.jobs(after)": bankCursor,
  "Query.jobs(kind)": { typesOnly: "an enum" },
  "Query.jobs(status)": { typesOnly: "an enum" },
  "Query.job(id)": missing("null"),
  "Query.retentionPreview(retention)": { typesOnly: "an input object; its fields have rows" },
  "RetentionPolicyInput.keepLast": retention,
  "RetentionPolicyInput.keepHourly": retention,
  "RetentionPolicyInput.keepDaily": retention,
  "RetentionPolicyInput.keepWeekly": retention,
  "RetentionPolicyInput.keepMonthly": retention,
  "RetentionPolicyInput.keepYearly": retention,
  "RetentionPolicyInput.keepWithinDays": retention,
  "RetentionPolicyInput.keepDeliberateDays": retention,
  "RetentionPolicyInput.groupByTrigger": { typesOnly: "a Boolean" },
  "Query.restorePlan(input)": { typesOnly: "an input object; its fields have rows" },
  "RestoreInput.backupId": missing("NOT_FOUND"),
  "RestoreInput.scope": {
    bad: [
      { why: "SECTIONS without sectionIds", value: "SECTIONS", field: "sectionIds" },
      { why: "QUESTIONS without questionIds", value: "QUESTIONS", field: "questionIds" },
    ],
  },
  "RestoreInput.sectionIds": ids("SECTIONS", 100_000),
  "RestoreInput.questionIds": ids("QUESTIONS", 100_000),
  "RestoreInput.mode": { typesOnly: "an enum" },
  "Backup.questions(first)": page,
  "Backup.questions(after)": offsetCursor,
  "Backup.questions(sectionId)": missing("NOT_FOUND"),
  "Backup.questions(search)": search((s) => s.length),
  "Section.questions(first)": page,
  "Section.questions(after)": bankCursor,
  "Question.history(first)": page,
  "Question.history(after)": idCursor,
  "BackupSettings.nextScheduledRuns(count)": { ...count(1, 20), property: around(1, 20) },
  "Query.scheduleRuns(schedule)": cronRow,
  "Query.scheduleRuns(count)": { ...count(1, 20), property: around(1, 20) },
  "RestorePlan.items(first)": page,
  "RestorePlan.items(after)": offsetCursor,
  "RestorePlan.items(kind)": { typesOnly: "an enum" },

  "Mutation.createApiKey(role)": { typesOnly: "an enum" },
  "Mutation.createApiKey(name)": text(100, true),
  "Mutation.revokeApiKey(id)": missing("NOT_FOUND"),
  "Mutation.startBackup(input)": { typesOnly: "an input object; its fields have rows" },
  "BackupInput.scope": {
    bad: [
      { why: "SECTIONS without sectionIds", value: "SECTIONS", field: "sectionIds" },
      { why: "QUESTIONS without questionIds", value: "QUESTIONS", field: "questionIds" },
    ],
  },
  "BackupInput.sectionIds": {
    ...ids("SECTIONS", 10_000),
    bad: [
      ...ids("SECTIONS", 10_000).bad!,
      {
        why: "5,000 ids that name nothing, named in a short message",
        value: Array.from({ length: 5_000 }, (_, i) => `s${i}`),
        siblings: { scope: "SECTIONS" },
        message: /^no section (s\d+, ){9}s\d+ and 4990 more$/,
      },
    ],
  },
  "BackupInput.questionIds": ids("QUESTIONS", 10_000),
  "BackupInput.note": {
    bad: [
      { why: "1001 characters", value: long(1001) },
      { why: "a megabyte", value: MEGABYTE },
    ],
    property: { arbitrary: fc.string({ unit: "binary", minLength: 1001, maxLength: 1100 }) },
  },
  "Mutation.deleteBackup(id)": missing("NOT_FOUND"),
  "Mutation.pinBackup(pinned)": { typesOnly: "a Boolean" },
  "Mutation.pinBackup(id)": missing("NOT_FOUND"),
  "Mutation.createSection(input)": { typesOnly: "an input object; its fields have rows" },
  "SectionInput.name": text(200, true),
  "SectionInput.description": text(5_000, false),
  "SectionInput.position": position((known) => known.takenSectionPosition),
  "Mutation.updateSection(input)": { typesOnly: "an input object; its fields have rows" },
  "Mutation.updateSection(id)": missing("NOT_FOUND"),
  "Mutation.deleteSection(id)": missing("NOT_FOUND"),
  "Mutation.createQuestion(input)": { typesOnly: "an input object; its fields have rows" },
  "QuestionInput.sectionId": {
    bad: [
      { why: "empty", value: "", outcome: "BAD_USER_INPUT" },
      {
        why: "a section that does not exist",
        value: "nope",
        outcome: "NOT_FOUND",
        field: false,
        byOwner: { "Mutation.importQuestions": importedElsewhere },
      },
    ],
    property: {
      arbitrary: unknownId,
      outcome: "NOT_FOUND",
      field: false,
      byOwner: { "Mutation.importQuestions": importedElsewhere },
    },
  },
  "QuestionInput.type": {
    bad: [
      { why: "SHORT_ANSWER with a wrong answer", value: "SHORT_ANSWER", field: "answers" },
      {
        why: "TRUE_FALSE with three answers",
        value: "TRUE_FALSE",
        field: "answers",
        siblings: { answers: [answer, { text: "B", isCorrect: false }, { text: "C", isCorrect: false }] },
      },
    ],
  },
  "QuestionInput.prompt": text(10_000, true),
  "QuestionInput.explanation": text(20_000, false),
  "QuestionInput.difficulty": count(1, 5),
  "QuestionInput.tags": {
    bad: [
      { why: "21 tags", value: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { why: "a duplicate", value: ["a", "a"], field: "tags.1" },
      { why: "an empty tag", value: [""], field: "tags.0" },
      { why: "a tag of 51 characters", value: [long(51)], field: "tags.0" },
      { why: "a megabyte tag", value: [MEGABYTE], field: "tags.0" },
    ],
    property: {
      arbitrary: fc.array(tooLong(50), { minLength: 1, maxLength: 3 }),
      field: "tags.0",
    },
  },
  "QuestionInput.audioPath": {
    bad: [
      { why: "501 characters", value: long(501) },
      { why: "a parent folder", value: "../secret.mp3" },
      { why: "a parent folder inside", value: "audio/../../etc/passwd" },
      { why: "a Windows parent folder", value: "audio\\..\\..\\boot.ini" },
    ],
    property: {
      arbitrary: fc.oneof(
        tooLong(500),
        fc
          .tuple(
            fc.stringMatching(/^[a-z/]{0,10}$/),
            fc.constantFrom("/", "\\"),
            fc.stringMatching(/^[a-z]{0,10}$/),
          )
          .map(([head, sep, tail]) => `${head}${head ? sep : ""}..${sep}${tail}`),
      ),
    },
  },
  "QuestionInput.position": position((known) => known.takenQuestionPosition),
  "QuestionInput.answers": {
    bad: [
      { why: "none", value: [] },
      {
        why: "21 answers",
        value: Array.from({ length: 21 }, (_, i) => ({ text: `a${i}`, isCorrect: i === 0 })),
      },
      { why: "two correct ones for SINGLE_CHOICE", value: [answer, answer] },
      {
        why: "no correct one",
        value: [
          { ...answer, isCorrect: false },
          { text: "B", isCorrect: false },
        ],
      },
      {
        why: "two at one position",
        value: [
          { ...answer, position: 0 },
          { text: "B", isCorrect: false, position: 0 },
        ],
        field: "answers.1.position",
      },
    ],
    property: {
      arbitrary: fc.oneof(
        fc.array(fc.record({ text: fc.constantFrom("A", "B", "C"), isCorrect: fc.constant(false) }), {
          maxLength: 20,
        }),
        fc.array(fc.record({ text: fc.constantFrom("A", "B"), isCorrect: fc.boolean() }), {
          minLength: 21,
          maxLength: 30,
        }),
      ),
      field: "answers",
    },
  },
  "AnswerInput.text": { ...text(2_000, true) },
  "AnswerInput.isCorrect": { typesOnly: "a Boolean; wrong combinations are rows of QuestionInput.answers" },
  "AnswerInput.position": {
    bad: [
      { why: "negative", value: -1 },
      { why: "over 1,000,000,000", value: 1_000_000_001 },
    ],
    property: { arbitrary: outside(0, 1_000_000_000) },
  },
  "Mutation.updateQuestion(input)": { typesOnly: "an input object; its fields have rows" },
  "Mutation.updateQuestion(id)": missing("NOT_FOUND"),
  "Mutation.deleteQuestion(id)": missing("NOT_FOUND"),
  "Mutation.importQuestions(questions)": {
    bad: [
      { why: "none", value: [] },
      {
        why: "5001 questions",
        value: (known: Known) =>
          Array.from({ length: 5001 }, () => ({
            sectionId: known.sectionId,
            type: "TRUE_FALSE",
            prompt: "p",
            answers: [answer, { text: "B", isCorrect: false }],
          })),
      },
    ],
  },
  "Mutation.importQuestions(sectionId)": {
    bad: [{ why: "another section than the questions'", value: "nope", field: "questions.0.sectionId" }],
    property: { arbitrary: unknownId, field: "questions.0.sectionId" },
  },
  "Mutation.cancelJob(id)": missing("NOT_FOUND"),
  "Mutation.acknowledgeFailure(jobId)": {
    bad: [
      ...missing("NOT_FOUND").bad!,
      { why: "a job that did not fail", value: (known: Known) => known.jobId, outcome: "CONFLICT" },
    ],
    property: { arbitrary: unknownId, outcome: "NOT_FOUND" },
  },
  "Mutation.verifyRepository(readData)": { typesOnly: "a Boolean" },
  "Mutation.updateBackupSettings(input)": { typesOnly: "an input object; its fields have rows" },
  "BackupSettingsInput.autoBackupEnabled": { typesOnly: "a Boolean" },
  "BackupSettingsInput.autoBackupDebounceMs": {
    bad: [
      { why: "zero", value: 0 },
      { why: "under 50", value: 49 },
      { why: "over an hour", value: 3_600_001 },
      { why: "longer than the longest delay", value: 3_000_000, field: "autoBackupMaxDelayMs" },
    ],
    property: { arbitrary: outside(50, 3_600_000) },
  },
  "BackupSettingsInput.autoBackupMaxDelayMs": {
    bad: [
      { why: "under 100", value: 99 },
      { why: "over a day", value: 86_400_001 },
      { why: "shorter than the quiet period", value: 100, siblings: { autoBackupDebounceMs: 400 } },
    ],
    property: { arbitrary: outside(100, 86_400_000) },
  },
  "BackupSettingsInput.schedule": cronRow,
  "BackupSettingsInput.retention": { typesOnly: "an input object; its fields have rows" },
  "BackupSettingsInput.autoPruneEnabled": { typesOnly: "a Boolean" },
  "BackupSettingsInput.compressionQuality": count(0, 11),
  "BackupSettingsInput.copyTo": {
    bad: [
      { why: "a relative folder", value: "backups/copy" },
      { why: "a bucket name with capitals", value: "s3://Offsite/qvault" },
      { why: "no bucket", value: "s3://" },
      { why: "a prefix that climbs out", value: "s3://offsite/../x" },
      { why: "a NUL character", value: "/backups/co\u0000py" },
      { why: "1,001 characters", value: `/${"c".repeat(1000)}` },
      { why: "a megabyte", value: MEGABYTE },
    ],
    property: {
      arbitrary: fc
        .string({ unit: "binary", minLength: 1, maxLength: 60 })
        .filter((s) => s.trim() !== "" && !s.trim().startsWith("/") && !s.trim().startsWith("s3://")),
    },
  },
  "BackupSettingsInput.copyAfterBackup": { typesOnly: "a Boolean" },
  "BackupSettingsInput.copySchedule": cronRow,
  "BackupSettingsInput.drillSchedule": cronRow,
  "Query.notificationDeliveries(first)": page,
  "Query.protectionHistory(days)": count(1, 366),
  "Mutation.updateNotificationSettings(input)": { typesOnly: "an input object; its fields have rows" },
  "Mutation.sendTestNotification(channel)": {
    typesOnly: "an enum; a channel not set up is refused naming it",
  },
  "NotificationSettingsInput.webhookUrl": notificationUrl,
  "NotificationSettingsInput.webhookSecret": {
    bad: [
      { why: "15 characters", value: "a".repeat(15) },
      { why: "empty", value: "" },
      { why: "201 characters", value: "a".repeat(201) },
      { why: "a megabyte", value: MEGABYTE },
    ],
    property: { arbitrary: fc.string({ unit: "binary", maxLength: 15 }) },
  },
  "NotificationSettingsInput.smtpUrl": {
    bad: [
      { why: "http", value: "http://mail.example.com" },
      { why: "a host alone", value: "mail.example.com" },
      { why: "a megabyte", value: MEGABYTE },
    ],
    property: {
      arbitrary: fc
        .string({ unit: "binary", minLength: 1, maxLength: 60 })
        .filter((s) => !/^\s*smtps?:\/\//i.test(s)),
    },
  },
  "NotificationSettingsInput.emailFrom": {
    bad: [
      { why: "no @", value: "qvault.example.com" },
      { why: "a megabyte", value: MEGABYTE },
    ],
    property: { arbitrary: address },
  },
  "NotificationSettingsInput.emailTo": {
    bad: [
      { why: "not an address", value: ["ops"], field: "emailTo.0" },
      { why: "21 addresses", value: Array.from({ length: 21 }, (_, i) => `ops${i}@example.com`) },
    ],
    property: { arbitrary: address.map((a) => [a]), field: "emailTo.0" },
  },
  "NotificationSettingsInput.pingUrl": notificationUrl,
  "Mutation.pruneBackups(dryRun)": { typesOnly: "a Boolean" },
  "Mutation.startRestore(input)": { typesOnly: "an input object; its fields have rows" },
  "Mutation.undoRestore(jobId)": {
    bad: [
      ...missing("NOT_FOUND").bad!,
      { why: "a job that is not a restore", value: (known: Known) => known.jobId, outcome: "CONFLICT" },
    ],
    property: { arbitrary: unknownId, outcome: "NOT_FOUND" },
  },
  "Subscription.jobProgress(jobId)": missing("NOT_FOUND"),
};
