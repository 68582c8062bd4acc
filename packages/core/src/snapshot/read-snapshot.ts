/**
 * Reading what a snapshot holds: its sections and questions as records, whole or filtered, and
 * a page of its questions for browsing. Every record read is checked against its digest.
 */
import { badInput } from "../errors/qvault-error.js";
import type { QuestionRecord, SectionRecord } from "../records/record.js";
import type { SnapshotManifest } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";

export interface SnapshotContents {
  sections: SectionRecord[];
  /** In section order, then position order. */
  questions: QuestionRecord[];
  /** Question id -> record digest. */
  digests: Map<string, string>;
}

export interface SnapshotFilter {
  sectionIds?: readonly string[] | null;
  questionIds?: readonly string[] | null;
}

/** Reads the records of a snapshot (or of some of its sections or questions). @throws INTEGRITY_ERROR */
export async function readSnapshot(
  repository: Repository,
  manifest: SnapshotManifest,
  filter: SnapshotFilter = {},
): Promise<SnapshotContents> {
  const sectionIds = filter.sectionIds ? new Set(filter.sectionIds) : null;
  const questionIds = filter.questionIds ? new Set(filter.questionIds) : null;
  const sections = [...manifest.sections]
    .sort((a, b) => a.position - b.position)
    .filter((s) => !sectionIds || sectionIds.has(s.id));
  const digests = new Map<string, string>();
  const sectionOrder = new Map<string, number>();
  for (const section of sections) {
    sectionOrder.set(section.id, section.position);
    const listing = await repository.readListing(section.listing);
    for (const [id, digest] of listing.entries)
      if (!questionIds || questionIds.has(id)) digests.set(id, digest);
  }
  const sectionRecords = await repository.readRecords<SectionRecord>(sections.map((s) => s.record));
  const records = await repository.readRecords<QuestionRecord>(digests.values());
  const questions = [...digests.values()].map((digest) => records.get(digest)!);
  questions.sort(
    (a, b) =>
      (sectionOrder.get(a.sectionId) ?? 0) - (sectionOrder.get(b.sectionId) ?? 0) ||
      a.position - b.position ||
      (a.id < b.id ? -1 : 1),
  );
  return { sections: sections.map((s) => sectionRecords.get(s.record)!), questions, digests };
}

export interface BrowseRequest {
  sectionId?: string | null;
  /** Case-insensitive text in the prompt, explanation, tags or answers. */
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface BrowsePage {
  items: { question: QuestionRecord; digest: string; cursor: string }[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

const MAX_PAGE = 100;

/**
 * A page of a snapshot's questions, in section and position order. Cursors are offsets. Reads one
 * section at a time and keeps only the page, so memory stays bounded by the largest section.
 */
export async function browseSnapshot(
  repository: Repository,
  manifest: SnapshotManifest,
  request: BrowseRequest,
): Promise<BrowsePage> {
  return browseSections(
    manifest.sections,
    (sectionId) => readSnapshot(repository, manifest, { sectionIds: [sectionId] }),
    request,
  );
}

/**
 * A page of questions over sections read one at a time by `readSection` (which gives a section's
 * questions in position order), for snapshots and archives alike. Cursors are offsets.
 */
export async function browseSections(
  allSections: readonly { id: string; position: number; count: number }[],
  readSection: (sectionId: string) => Promise<Pick<SnapshotContents, "questions" | "digests">>,
  request: BrowseRequest,
): Promise<BrowsePage> {
  const first = request.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw badInput("first", `first must be a whole number from 1 to ${MAX_PAGE}`);
  let start = 0;
  if (request.after) {
    start = Number.parseInt(request.after, 36) + 1;
    if (!/^[0-9a-z]{1,10}$/.test(request.after) || !Number.isFinite(start))
      throw badInput("after", "after is not a cursor this list gave out");
  }
  if (request.search && request.search.length > 200)
    throw badInput("search", "search must be at most 200 characters");
  const needle = request.search?.trim().toLowerCase();
  const matches = (q: QuestionRecord) =>
    !needle ||
    [q.prompt, q.explanation ?? "", ...q.tags, ...q.answers.map((a) => a.text)].some((text) =>
      text.toLowerCase().includes(needle),
    );
  const sections = [...allSections]
    .sort((a, b) => a.position - b.position)
    .filter((s) => !request.sectionId || s.id === request.sectionId);
  const items: BrowsePage["items"] = [];
  let seen = 0;
  for (const section of sections) {
    // Without a search, a section wholly before or after the page need not be read.
    if (!needle && (seen + section.count <= start || seen >= start + first + 1)) {
      seen += section.count;
      continue;
    }
    const contents = await readSection(section.id);
    for (const question of contents.questions) {
      if (!matches(question)) continue;
      if (seen >= start && items.length < first)
        items.push({ question, digest: contents.digests.get(question.id)!, cursor: seen.toString(36) });
      seen++;
    }
  }
  return {
    items,
    hasNextPage: start + items.length < seen && items.length === first,
    endCursor: items.at(-1)?.cursor ?? null,
    totalCount: seen,
  };
}
