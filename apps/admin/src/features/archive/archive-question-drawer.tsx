/**
 * One question of the open archive exactly as the file holds it (prompt, answers, explanation,
 * tags, audio, position and the digest of its record), read from its record when the drawer
 * opens. Read-only, like a backup.
 */
import { Alert, Drawer, Skeleton, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { StoredQuestion } from "../../components/stored-question";
import type { ArchiveFailure, QuestionRow, StoredArchiveQuestion } from "./archive-protocol";
import { type ArchiveFile, failureOf } from "./use-archive-file";

export interface ArchiveQuestionDrawerProps {
  readQuestion: ArchiveFile["readQuestion"];
  /** The row clicked; null closes the drawer. */
  row: QuestionRow | null;
  sectionNames: ReadonlyMap<string, string>;
  onClose(): void;
}

export function ArchiveQuestionDrawer({
  readQuestion,
  row,
  sectionNames,
  onClose,
}: ArchiveQuestionDrawerProps) {
  const [read, setRead] = useState<
    { id: string; stored: StoredArchiveQuestion } | { id: string; failure: ArchiveFailure } | null
  >(null);
  // Keep showing the last question while the drawer slides out.
  const [shown, setShown] = useState(row);
  if (row && row !== shown) setShown(row);

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

  const result = shown && read?.id === shown.id ? read : null;
  const sectionName = shown ? sectionNames.get(shown.sectionId) : undefined;
  return (
    <Drawer
      opened={row !== null}
      onClose={onClose}
      position="right"
      size="lg"
      padding="lg"
      title={
        <Text fw={650} size="lg">
          Question as stored{sectionName ? ` in ${sectionName}` : ""}
        </Text>
      }
      closeButtonProps={{ "aria-label": "Close the question" }}
    >
      {!result ? (
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
          question={result.stored.question}
          label="Stored question"
          position={result.stored.question.position}
          record={{ questionId: result.stored.question.id, digest: result.stored.digest }}
        />
      )}
    </Drawer>
  );
}
