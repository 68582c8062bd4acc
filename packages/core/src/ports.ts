/**
 * The ports through which the engine reaches the bank it protects. The engine owns these
 * interfaces; an adapter (e.g. @qvault/question-bank's, over TypeORM) implements them.
 */
import type { QuestionRecord, SectionRecord } from "./records/record.js";

export interface QuestionFilter {
  /** Only these sections; every section when null or absent. */
  sectionIds?: readonly string[] | null;
  /** Only these questions; every question of the sections when null or absent. */
  questionIds?: readonly string[] | null;
}

/** A question as the bank keeps its digest: the SHA-256 of its record, or null when unknown. */
export interface KeptDigest {
  id: string;
  sectionId: string;
  digest: string | null;
  /** The question itself, which a bank may give along where it does not know the digest. */
  record?: QuestionRecord;
  /**
   * Or, instead of `record`, the question's canonical bytes (encodeQuestion's output) as the bank
   * built them, exactly.
   */
  bytes?: Uint8Array;
}

/** A question's canonical bytes as a bank builds them, or null where it cannot build them exactly. */
export interface QuestionBytes {
  id: string;
  sectionId: string;
  bytes: Uint8Array | null;
}

/** A media file a question names: its path under the bank's media folder and its SHA-256. */
export interface NamedMedia {
  questionId: string;
  sectionId: string;
  path: string;
  sha256: string;
  /** Its size, as the bank records it. */
  bytes?: number;
}

/** Reads the bank. Reads must be consistent within one call (a snapshot of committed data). */
export interface BankSource {
  /** Every section, in position order. */
  sections(): Promise<SectionRecord[]>;
  /** How many questions match. */
  countQuestions(filter: QuestionFilter): Promise<number>;
  /**
   * The matching questions with their answers, in chunks of about `chunkSize`. Without
   * `questionIds`, grouped by section (all of a section's questions come before the next
   * section's); with them, in section order within each chunk only.
   */
  questions(filter: QuestionFilter, chunkSize: number): AsyncIterable<QuestionRecord[]>;
  /**
   * An opaque mark of the bank's content as this source reads it: it changes with every committed
   * change of a section, question or answer (whoever makes it) and never comes back to an earlier
   * value. Absent, or null, when the bank cannot tell; then nothing is taken as unchanged.
   */
  revision?(): Promise<string | null>;
  /**
   * {@link questions} as the digests the bank keeps beside them, in the same order and chunks:
   * a digest is the SHA-256 of the question's record as {@link questions} would give it, or null
   * when the bank does not know it. Optional: a bank that keeps none leaves it out, and every
   * question is read and hashed.
   */
  questionDigests?(filter: QuestionFilter, chunkSize: number): AsyncIterable<KeptDigest[]>;
  /**
   * {@link questions} as their canonical bytes (encodeQuestion's output), built by the bank, in
   * the same order and chunks; `bytes` is null for a question whose bytes the bank cannot build
   * exactly (read it with {@link questions}). Optional.
   */
  questionBytes?(filter: QuestionFilter, chunkSize: number): AsyncIterable<QuestionBytes[]>;
  /**
   * The media files the matching questions name (those whose records carry `audio`), in no set
   * order. Optional: a bank without media leaves it out.
   */
  media?(filter: QuestionFilter): Promise<NamedMedia[]>;
  /** A media file's bytes, by its path under the media folder; null when there is none. */
  readMedia?(path: string): Promise<Uint8Array | null>;
  /** A media file's size, by its path under the media folder; null when there is none. */
  mediaSize?(path: string): Promise<number | null>;
  /**
   * Hands the bank digests of questions as this source read them, for it to keep where nothing
   * has changed those questions since (a bank may keep some, all or none).
   */
  keepDigests?(digests: readonly { id: string; digest: string }[]): Promise<void>;
  /**
   * The questions and sections changed since a FULL snapshot's `cursor` (as this source reads the
   * bank), and the cursor they reach, when the bank can name every change since: the cursor is its
   * own and nothing is missing from its record of changes. Null otherwise. Optional: without it,
   * what is not named is read.
   */
  changesSince?(
    cursor: string,
  ): Promise<{ questionIds: string[]; sectionIds: string[]; cursor: string } | null>;
}

/** A question's record as a repository stores it: its canonical bytes. */
export interface EncodedQuestion {
  id: string;
  bytes: Uint8Array;
}

/** A question's place, as the bank holds it now. */
export interface QuestionPlace {
  id: string;
  sectionId: string;
  position: number;
}

/**
 * Writes inside one transaction of the bank. Reads (the {@link BankSource} methods) see the
 * transaction's own writes. Ids are kept: a restored question has the id it had.
 */
export interface BankTransaction extends BankSource {
  /** Where the questions of these sections are now. */
  places(sectionIds: readonly string[]): Promise<QuestionPlace[]>;
  /** Creates or replaces sections (by id). */
  putSections(sections: readonly SectionRecord[]): Promise<void>;
  /** Creates or replaces questions (by id) with exactly the given answers. */
  putQuestions(questions: readonly QuestionRecord[]): Promise<void>;
  /**
   * {@link putQuestions} for questions given by id with their canonical record bytes
   * (encodeQuestion's output, as a repository stores them), for a bank that can read the fields
   * out of the JSON itself: no record is decoded into objects on the way. Optional: without it,
   * records are decoded and handed to putQuestions.
   */
  putEncodedQuestions?(questions: readonly EncodedQuestion[]): Promise<void>;
  deleteQuestions(ids: readonly string[]): Promise<void>;
  /** Deletes sections with every question they hold. */
  deleteSections(ids: readonly string[]): Promise<void>;
  /**
   * Puts media files in the bank's media folder, each whole under its path (`bytes` hash to
   * `sha256`), so that they are in place before the transaction commits; when the transaction
   * rolls back, the files they replaced come back. Optional: a bank without media leaves it out.
   */
  putMedia?(files: readonly { path: string; sha256: string; bytes: Uint8Array }[]): Promise<void>;
  /** Moves questions (and sections) to unused positions, freeing theirs for what is put next. */
  parkQuestions(ids: readonly string[]): Promise<void>;
  parkSections(ids: readonly string[]): Promise<void>;
}

/** A problem a record has under the bank's own rules. */
export interface RuleViolation {
  field: string;
  message: string;
}

/** Writes the bank, all or nothing. */
export interface BankTarget {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (tx: BankTransaction) => Promise<T>): Promise<T>;
  /** The bank's rules for a question (the ones its own writes obey); empty when it obeys them. */
  checkQuestion(question: QuestionRecord): RuleViolation[];
  checkSection(section: SectionRecord): RuleViolation[];
}

/**
 * Where the engine tells what it does and what went wrong, as structured fields and a message
 * (a pino logger fits). The engine never writes to the console itself; without a logger it says
 * nothing.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
