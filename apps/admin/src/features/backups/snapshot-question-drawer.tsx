/**
 * One question exactly as a backup holds it: prompt, answers with the correct ones marked,
 * explanation, tags, audio, and the digest of its record. Read-only: a backup never changes.
 */
import { StoredQuestion } from "../../components/stored-question";
import { StoredQuestionDrawer } from "../../components/stored-question-drawer";
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
    audio {
      url
      bytes
      durationMs
    }
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
  /** The backup's sections. */
  sections: readonly { id: string; name: string }[];
  onClose(): void;
}

export function SnapshotQuestionDrawer({ question, sections, onClose }: SnapshotQuestionDrawerProps) {
  return (
    <StoredQuestionDrawer item={question} sections={sections} onClose={onClose}>
      {(shown) => (
        <StoredQuestion
          question={shown}
          label="Stored question"
          position={shown.position}
          record={{ questionId: shown.id, digest: shown.digest }}
        />
      )}
    </StoredQuestionDrawer>
  );
}
