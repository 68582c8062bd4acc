/**
 * The live bank as the API serves it, read back into canonical records and their digests, so
 * it can be compared with a snapshot digest for digest.
 */
import { digestOf, encodeQuestion, nodeCodec, type QuestionRecord } from "@qvault/core";
import type { ServerProcess } from "@qvault/test-server";

export const QUESTION_FIELDS =
  "id type prompt explanation difficulty tags audioPath audio { sha256 bytes mimeType durationMs } position section { id } answers { id text isCorrect position }";

/** Every question of the bank, as records. */
export async function liveQuestions(server: ServerProcess): Promise<QuestionRecord[]> {
  const out: QuestionRecord[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await server.data(
      `query($after: String) { questions(first: 100, after: $after) { edges { node { ${QUESTION_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    for (const { node } of page.questions.edges) {
      const { section, audio, ...rest } = node;
      // The record names the audio by content: the AudioFile's fields without its path and url.
      const content = audio && {
        bytes: audio.bytes,
        durationMs: audio.durationMs,
        mimeType: audio.mimeType,
        sha256: audio.sha256,
      };
      out.push({ ...rest, ...(content ? { audio: content } : {}), sectionId: section.id });
    }
    if (!page.questions.pageInfo.hasNextPage) return out;
    after = page.questions.pageInfo.endCursor;
  }
}

/** Question id -> digest of its canonical record, for the whole live bank. */
export async function liveDigests(server: ServerProcess): Promise<Map<string, string>> {
  return new Map(
    (await liveQuestions(server)).map((q) => [q.id, digestOf(nodeCodec, encodeQuestion(q))] as const),
  );
}
