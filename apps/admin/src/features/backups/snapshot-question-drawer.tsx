/**
 * One question exactly as a backup holds it: prompt, answers with the correct ones marked,
 * explanation, tags, audio, and the digest of its record. Read-only: a backup never changes.
 */
import { Drawer, Text } from "@mantine/core";
import { useState } from "react";
import { StoredQuestion } from "../../components/stored-question";
import { graphql } from "../../gql";
import type { SnapshotQuestionFragment } from "../../gql/graphql";

// No answer `id`: answers are stored inside the snapshot, not beside the live bank's answers.
graphql(`
  fragment SnapshotQuestion on QuestionSnapshot {
    id
    sectionId
    type
    prompt
    explanation
    difficulty
    tags
    audioPath
    position
    digest
    answers {
      text
      isCorrect
      position
    }
  }
`);

export interface SnapshotQuestionDrawerProps {
  /** The question to show; null closes the drawer. */
  question: SnapshotQuestionFragment | null;
  /** Names of the backup's sections by id. */
  sectionNames: ReadonlyMap<string, string>;
  onClose(): void;
}

export function SnapshotQuestionDrawer({ question, sectionNames, onClose }: SnapshotQuestionDrawerProps) {
  // Keep showing the last question while the drawer slides out.
  const [shown, setShown] = useState(question);
  if (question && question !== shown) setShown(question);
  const sectionName = shown ? sectionNames.get(shown.sectionId) : undefined;
  return (
    <Drawer
      opened={question !== null}
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
      {shown && (
        <StoredQuestion
          question={shown}
          label="Stored question"
          position={shown.position}
          record={{ questionId: shown.id, digest: shown.digest }}
        />
      )}
    </Drawer>
  );
}
