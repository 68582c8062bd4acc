/**
 * One question of the open archive exactly as the file holds it (prompt, answers, explanation,
 * tags, audio, position and the digest of its record), read from its record when the drawer
 * opens. Read-only, like a backup.
 */
import { Alert, Skeleton, Stack } from "@mantine/core";
import { useEffect, useState } from "react";
import { StoredQuestion } from "../../components/stored-question";
import { StoredQuestionDrawer } from "../../components/stored-question-drawer";
import type { ArchiveFailure, OpenedArchive, QuestionRow } from "./archive-protocol";
import { type ArchiveFile, failureOf, type ReadArchiveQuestion } from "./use-archive-file";

export interface ArchiveQuestionDrawerProps {
  readQuestion: ArchiveFile["readQuestion"];
  /** The row clicked; null closes the drawer. */
  row: QuestionRow | null;
  sections: OpenedArchive["sections"];
  onClose(): void;
}

export function ArchiveQuestionDrawer({ readQuestion, row, sections, onClose }: ArchiveQuestionDrawerProps) {
  const [read, setRead] = useState<
    { id: string; stored: ReadArchiveQuestion } | { id: string; failure: ArchiveFailure } | null
  >(null);

  useEffect(() => {
    if (!row) return;
    let current = true;
    readQuestion(row.id).then(
      (stored) => current && setRead({ id: row.id, stored }),
      (error: unknown) => current && setRead({ id: row.id, failure: failureOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [readQuestion, row]);

  return (
    <StoredQuestionDrawer item={row} sections={sections} onClose={onClose}>
      {(shown) => {
        const result = read?.id === shown.id ? read : null;
        return !result ? (
          <Stack gap="sm" aria-busy aria-label="Reading the question">
            <Skeleton height={20} w={200} />
            <Skeleton height={60} />
            <Skeleton height={90} />
          </Stack>
        ) : "failure" in result ? (
          <Alert color="red" title="Cannot read this question">
            {result.failure.message}
          </Alert>
        ) : (
          <StoredQuestion
            question={{
              ...result.stored.question,
              // Read from the file in this browser: nothing is uploaded.
              audio: result.stored.question.audio
                ? {
                    url: `archive:${result.stored.question.id}`,
                    bytes: result.stored.question.audio.bytes,
                    durationMs: result.stored.question.audio.durationMs,
                  }
                : null,
              loadAudio: () => result.stored.loadAudio(),
            }}
            label="Stored question"
            position={result.stored.question.position}
            record={{ questionId: result.stored.question.id, digest: result.stored.digest }}
          />
        );
      }}
    </StoredQuestionDrawer>
  );
}
