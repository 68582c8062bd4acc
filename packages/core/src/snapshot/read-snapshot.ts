/**
 * Reading what a snapshot holds: its sections and questions as records, whole or filtered, and
 * a page of its questions for browsing. Every record read is checked against its digest.
 */
import { badInput } from "../errors/qvault-error.js";
import { offsetAfter, offsetCursor, type Page, type PageRequest, pageSize } from "../paging/page.js";
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

export interface BrowseRequest extends PageRequest {
  sectionId?: string | null;
  /** Case-insensitive text in the prompt, explanation, tags or answers. */
  search?: string | null;
}

/** One question of a snapshot as browsed: its record and the record's digest. */
export interface BrowseItem {
  question: QuestionRecord;
  digest: string;
}

/** A page of a snapshot's questions; `totalCount` is always counted. */
export type BrowsePage = Page<BrowseItem, number>;

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
 * questions in position order), for snapshots and archives alike. Cursors are offsets among the
 * matching questions. @throws BAD_USER_INPUT (field `first`, `after` or `search`).
 */
export async function browseSections(
  allSections: readonly { id: string; position: number; count: number }[],
  readSection: (sectionId: string) => Promise<Pick<SnapshotContents, "questions" | "digests">>,
  request: BrowseRequest,
): Promise<BrowsePage> {
  const first = pageSize(request.first);
  const start = offsetAfter(request.after);
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
  const edges: BrowsePage["edges"] = [];
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
      if (seen >= start && edges.length < first)
        edges.push({
          node: { question, digest: contents.digests.get(question.id)! },
          cursor: offsetCursor(seen),
        });
      seen++;
    }
  }
  return {
    edges,
    hasNextPage: start + edges.length < seen && edges.length === first,
    endCursor: edges.at(-1)?.cursor ?? null,
    totalCount: seen,
  };
}
