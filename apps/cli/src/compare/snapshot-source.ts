/**
 * A snapshot read as if it were a bank: core's {@link BankSource} over a snapshot's records, so
 * that core's restore plan (which compares a snapshot with a bank) compares two snapshots. It reads
 * one section at a time; every record read is checked against its digest.
 */
import {
  type BankSource,
  type QuestionRecord,
  type Repository,
  readSnapshot,
  type SectionRecord,
  type SnapshotManifest,
} from "@qvault/core";

export function snapshotSource(repository: Repository, manifest: SnapshotManifest): BankSource {
  let sections: Promise<SectionRecord[]> | null = null;
  /** Question id -> its section, from the listings (no records read). */
  let places: Promise<Map<string, string>> | null = null;
  const placesOf = () =>
    (places ??= (async () => {
      const map = new Map<string, string>();
      for (const section of manifest.sections)
        for (const id of (await repository.readListing(section.listing)).entries.keys())
          map.set(id, section.id);
      return map;
    })());

  return {
    sections() {
      sections ??= readSnapshot(repository, manifest, { questionIds: [] }).then(
        (contents) => contents.sections,
      );
      return sections;
    },
    async countQuestions(filter) {
      const wanted = filter.sectionIds ? new Set(filter.sectionIds) : null;
      const ids = filter.questionIds ? new Set(filter.questionIds) : null;
      let count = 0;
      for (const [id, sectionId] of await placesOf())
        if ((!wanted || wanted.has(sectionId)) && (!ids || ids.has(id))) count++;
      return count;
    },
    async *questions(filter, chunkSize) {
      const wanted = filter.sectionIds ? new Set(filter.sectionIds) : null;
      const chosen = filter.questionIds ? new Set(filter.questionIds) : null;
      let sectionIds = [...manifest.sections].sort((a, b) => a.position - b.position).map((s) => s.id);
      if (wanted) sectionIds = sectionIds.filter((id) => wanted.has(id));
      if (chosen) {
        const map = await placesOf();
        const holding = new Set([...chosen].flatMap((id) => map.get(id) ?? []));
        sectionIds = sectionIds.filter((id) => holding.has(id));
      }
      for (const sectionId of sectionIds) {
        const { questions } = await readSnapshot(repository, manifest, {
          sectionIds: [sectionId],
          questionIds: chosen ? [...chosen] : null,
        });
        for (let i = 0; i < questions.length; i += chunkSize)
          yield questions.slice(i, i + chunkSize) as QuestionRecord[];
      }
    },
  };
}
