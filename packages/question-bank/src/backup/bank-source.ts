/**
 * The bank as core's {@link BankSource}: sections and questions read with plain SQL (fast on
 * 100k questions) inside one read transaction, so a backup sees one consistent state of the bank.
 */
import {
  type BankSource,
  isSafeMediaPath,
  type KeptDigest,
  type NamedMedia,
  type QuestionFilter,
  type SectionRecord,
} from "@qvault/core";
import type { BankDatabase, BankQuery } from "../data-source.js";
import { changesSinceCursor } from "../journal/change-journal.js";
import type { MediaFolder } from "../media/media-folder.js";
import {
  canonicalExact,
  canonicalJson,
  fieldList,
  keepDigestsSince,
  type Parameters,
  parametersFor,
  questionFromJson,
  recordJson,
  sectionFromRow,
} from "../tables/record-statements.js";
import { QUESTION_TABLE, SECTION_TABLE } from "../tables/record-tables.js";

/** A read started ahead of its turn: not an unhandled rejection if its turn never comes. */
function ahead<T>(reading: Promise<T>): Promise<T> {
  reading.catch(() => {});
  return reading;
}

function where(filter: QuestionFilter, params: Parameters): string {
  const clauses: string[] = [];
  if (filter.sectionIds) clauses.push(`q."sectionId" IN (${params.list(filter.sectionIds)})`);
  if (filter.questionIds) clauses.push(`q."id" IN (${params.list(filter.questionIds)})`);
  return clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
}

/** Question ids per query of their media. */
const MEDIA_BATCH = 1000;

/**
 * The bank as a {@link BankSource}, reading through `query`; its media (the files questions
 * name) from `media`, when it has a media folder.
 */
export function bankSourceOver(
  query: BankQuery,
  keepDigests?: BankSource["keepDigests"],
  media?: MediaFolder | null,
): BankSource {
  const { dialect } = query;
  const audio = (key: string) => dialect.jsonMemberText(`q."audio"`, key);
  const named = `SELECT q."id" AS "id", q."sectionId" AS "sectionId", q."audioPath" AS "path", ${audio("sha256")} AS "sha256", ${audio("bytes")} AS "bytes" FROM "question" q WHERE q."audio" IS NOT NULL AND q."audioPath" IS NOT NULL`;
  const namedMedia = async (filter: QuestionFilter): Promise<NamedMedia[]> => {
    const params = parametersFor(dialect);
    const clause = where(filter, params).replace(/^WHERE /, "AND ");
    const rows = await query(`${named} ${clause}`, params.values);
    return rows.map((row) => ({
      questionId: row.id,
      sectionId: row.sectionId,
      path: row.path,
      sha256: row.sha256,
      bytes: Number(row.bytes),
    }));
  };
  const mediaMethods: Partial<BankSource> = media
    ? {
        async media(filter) {
          const ids = filter.questionIds;
          if (!ids) return namedMedia(filter);
          const found: NamedMedia[] = [];
          for (let i = 0; i < ids.length; i += MEDIA_BATCH)
            found.push(...(await namedMedia({ ...filter, questionIds: ids.slice(i, i + MEDIA_BATCH) })));
          return found;
        },
        // A path that is not one under the media folder names no file there.
        readMedia: (path) => (isSafeMediaPath(path) ? media.read(path) : Promise.resolve(null)),
        mediaSize: (path) => (isSafeMediaPath(path) ? media.size(path) : Promise.resolve(null)),
      }
    : {};
  // Each question comes back as one JSON text built by the database, answers included: one row
  // and one column per question costs far less to read through the driver than a row per answer.
  const record = `${recordJson(dialect, QUESTION_TABLE, "q")} AS "record"`;
  // A question's canonical bytes as SQLite builds them (exactly core's encoding; NULL where they
  // could differ), as a BLOB: the driver hands over the bytes without decoding them to a string.
  // A database whose JSON text differs from core's hands over none: core encodes the records.
  const canonical = dialect.canonical
    ? `CAST(${canonicalJson(dialect.canonical, QUESTION_TABLE, "q")} AS BLOB)`
    : "NULL";
  const exact = dialect.canonical ? canonicalExact(dialect.canonical, QUESTION_TABLE, "q") : "1 = 0";
  // Where the digest is unknown, the record comes along, as canonical bytes or else as its JSON:
  // reading it in the same pass costs SQLite far less than a second query by id.
  const digests = QUESTION_TABLE.digests!;
  const unknown = `d."${digests.digest}" IS NULL`;
  const digest = `q."id" AS "id", q."sectionId" AS "sectionId", d."${digests.digest}" AS "digest", CASE WHEN ${unknown} THEN ${canonical} END AS "bytes", CASE WHEN ${unknown} AND NOT (${exact}) THEN ${recordJson(dialect, QUESTION_TABLE, "q")} END AS "record"`;
  // One lookup of the kept digest per question.
  const withDigest = `LEFT JOIN "${digests.table}" d ON d."${digests.key}" = q."id"`;

  /** The rows `select` makes of the questions of `filter`, in chunks (see BankSource.questions). */
  async function* walk<T>(
    filter: QuestionFilter,
    chunkSize: number,
    select: string,
    toItem: (row: any) => T,
    join = "",
  ): AsyncGenerator<T[]> {
    // Each chunk's query is sent before the chunk before it is handed on, so that the database
    // reads the next chunk while the caller works on this one (one chunk ahead, no more).
    // Chosen questions are found by primary key, a chunk at a time: walking the sections for them
    // would scan every section once per chunk.
    if (filter.questionIds) {
      const ids = filter.questionIds;
      const read = (i: number) => {
        const params = parametersFor(dialect);
        const part = { ...filter, questionIds: ids.slice(i, i + chunkSize) };
        return ahead(
          query(
            `SELECT ${select} FROM "question" q JOIN "section" s ON s."id" = q."sectionId" ${join} ${where(part, params)} ORDER BY s."position", q."position", q."id"`,
            params.values,
          ),
        );
      };
      let next = ids.length ? read(0) : null;
      for (let i = 0; next; i += chunkSize) {
        const rows = await next;
        next = i + chunkSize < ids.length ? read(i + chunkSize) : null;
        if (rows.length) yield rows.map(toItem);
      }
      return;
    }
    // Section by section, walking the (sectionId, position) index: no sort, no full scans.
    const sections: { id: string }[] = await query(`SELECT "id" FROM "section" ORDER BY "position"`);
    const wanted = filter.sectionIds ? new Set(filter.sectionIds) : null;
    const chosen = sections.filter((section) => !wanted || wanted.has(section.id));
    const read = (at: number, after: number) => {
      const params = parametersFor(dialect);
      const clause = `WHERE q."sectionId" = ${params.add(chosen[at]!.id)} AND q."position" > ${params.add(after)}`;
      return ahead(
        query(
          `SELECT ${select}, q."position" AS "position" FROM "question" q ${join} ${clause} ORDER BY q."position" LIMIT ${params.add(chunkSize)}`,
          params.values,
        ),
      );
    };
    let at = 0;
    let next = chosen.length ? read(0, -1) : null;
    while (next) {
      const rows = await next;
      // A full chunk may have more after it in its section; otherwise the next section begins.
      if (rows.length === chunkSize) next = read(at, rows.at(-1).position);
      else next = ++at < chosen.length ? read(at, -1) : null;
      if (rows.length) yield rows.map(toItem);
    }
  }

  return {
    async revision() {
      const [row] = await query(dialect.journalRevision);
      return String(row.revision);
    },
    async sections(): Promise<SectionRecord[]> {
      const rows = await query(`SELECT ${fieldList(SECTION_TABLE)} FROM "section" ORDER BY "position"`);
      return rows.map(sectionFromRow);
    },
    async countQuestions(filter) {
      const params = parametersFor(dialect);
      const [row] = await query(
        `SELECT COUNT(*) AS "count" FROM "question" q ${where(filter, params)}`,
        params.values,
      );
      return Number(row.count);
    },
    questions: (filter, chunkSize) => walk(filter, chunkSize, record, (row) => questionFromJson(row.record)),
    questionDigests: (filter, chunkSize) => {
      // The driver makes a new string of each row's section id; the few distinct ones are shared,
      // so that a plan of the whole bank does not hold a copy per question.
      const sectionIds = new Map<string, string>();
      const shared = (id: string) => {
        const known = sectionIds.get(id);
        if (known !== undefined) return known;
        sectionIds.set(id, id);
        return id;
      };
      return walk(
        filter,
        chunkSize,
        digest,
        (row): KeptDigest => {
          const kept: KeptDigest = {
            id: row.id,
            sectionId: shared(row.sectionId),
            digest: row.digest ?? null,
          };
          if (row.bytes) kept.bytes = row.bytes;
          else if (row.record) kept.record = questionFromJson(row.record);
          return kept;
        },
        withDigest,
      );
    },
    questionBytes: (filter, chunkSize) =>
      walk(
        filter,
        chunkSize,
        `q."id" AS "id", q."sectionId" AS "sectionId", ${canonical} AS "bytes"`,
        (row) => ({
          id: row.id,
          sectionId: row.sectionId,
          bytes: row.bytes ?? null,
        }),
      ),
    ...(keepDigests ? { keepDigests } : {}),
    ...mediaMethods,
    async changesSince(cursor) {
      const since = await changesSinceCursor(query, cursor);
      return (
        since && {
          questionIds: since.changes.questionIds,
          sectionIds: since.changes.sectionIds,
          cursor: since.cursor,
        }
      );
    },
  };
}

/**
 * Digests kept per write transaction. Each commit while a backup's read transaction stays open
 * costs tens of milliseconds (the write-ahead log cannot be checkpointed past that reader), so
 * they are few and large.
 */
const KEEP_BATCH = 25_000;

/**
 * Runs `work` with the bank as a {@link BankSource} over one read transaction (`query` is that
 * transaction's, for the caller's own reads in it). The digests the source is handed are kept
 * for the questions no change has touched since the transaction's first read, in a few write
 * transactions of their own that do not hold up the reading; `work`'s result comes once they
 * are done. Keeping digests only saves later work: a write that fails keeps nothing, and the
 * backup that handed them goes on.
 */
export function withBankSource<T>(
  db: BankDatabase,
  work: (source: BankSource, query: BankQuery) => Promise<T>,
): Promise<T> {
  return db.readSnapshot(async (query) => {
    const [row] = await query(db.dialect.journalRevision);
    const readAt = Number(row.revision);
    let waiting: { id: string; digest: string }[] = [];
    let writing: Promise<unknown> = Promise.resolve();
    const write = () => {
      const digests = waiting;
      waiting = [];
      const statement = keepDigestsSince(db.dialect, digests, readAt);
      // Under the journal's lock where writers run at once: a writer that has journaled a change
      // but not committed it is waited for, and its change then seen; one that has not yet
      // journaled waits, and forgets the digest after this commits.
      const lock = db.dialect.journalLock;
      writing = writing
        .then(() =>
          db.transaction(async (manager) => {
            if (lock) await manager.query(lock);
            await manager.query(statement.sql, statement.parameters);
          }),
        )
        .catch(() => undefined);
    };
    const source = bankSourceOver(
      query,
      async (digests) => {
        waiting.push(...digests);
        if (waiting.length >= KEEP_BATCH) write();
      },
      db.media,
    );
    const result = await work(source, query);
    if (waiting.length) write();
    await writing;
    return result;
  });
}
