/**
 * One question exactly as a backup holds it: prompt, answers with the correct ones marked,
 * explanation, tags, audio, and the digest of its record. Read-only: a backup never changes.
 */
import {
  Badge,
  Code,
  CopyButton,
  Drawer,
  Group,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconCheck, IconCopy, IconX } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { graphql } from "../../gql";
import type { SnapshotQuestionFragment } from "../../gql/graphql";
import { DIFFICULTY_LABELS, QUESTION_TYPES } from "../../lib/question-types";

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

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Title order={4} size="h6" c="dimmed" tt="uppercase">
        {title}
      </Title>
      {children}
    </Stack>
  );
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
      {shown && <StoredQuestion question={shown} />}
    </Drawer>
  );
}

function StoredQuestion({ question }: { question: SnapshotQuestionFragment }) {
  const type = QUESTION_TYPES[question.type];
  const everyAnswerAccepted = type.correct === "all";
  const answers = [...question.answers].sort((a, b) => a.position - b.position);

  return (
    <Stack gap="lg" aria-label="Stored question">
      <Group gap="xs">
        <Badge variant="light" color={type.color} radius="sm" tt="none" fw={600}>
          {type.label}
        </Badge>
        <Badge variant="outline" color="gray" radius="sm" tt="none">
          {question.difficulty ? `Difficulty ${DIFFICULTY_LABELS[question.difficulty]}` : "No difficulty"}
        </Badge>
        <Badge variant="outline" color="gray" radius="sm" tt="none">
          Position {question.position}
        </Badge>
      </Group>

      <Block title="Prompt">
        <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)">
          <Text style={{ whiteSpace: "pre-wrap" }}>{question.prompt}</Text>
        </Paper>
      </Block>

      <Block title={everyAnswerAccepted ? "Accepted answers" : "Answers"}>
        <Stack gap={6} role="list" aria-label="Answers">
          {answers.map((answer) => {
            const correct = everyAnswerAccepted || answer.isCorrect;
            return (
              <Group
                key={answer.position}
                gap="sm"
                wrap="nowrap"
                role="listitem"
                data-correct={correct}
                p={8}
                style={{
                  borderRadius: "var(--mantine-radius-sm)",
                  border: `1px solid var(--mantine-color-${correct ? "green-4" : "gray-3"})`,
                  background: correct ? "var(--mantine-color-green-0)" : undefined,
                }}
              >
                <ThemeIcon
                  size={22}
                  radius="xl"
                  variant={correct ? "filled" : "light"}
                  color={correct ? "green" : "gray"}
                >
                  {correct ? <IconCheck size={14} /> : <IconX size={14} />}
                </ThemeIcon>
                <Text size="sm" style={{ flex: 1, whiteSpace: "pre-wrap" }}>
                  {answer.text}
                </Text>
                {correct && !everyAnswerAccepted && (
                  <Text size="xs" c="green.8" fw={700}>
                    correct
                  </Text>
                )}
              </Group>
            );
          })}
          {answers.length === 0 && (
            <Text size="sm" c="dimmed">
              No answers.
            </Text>
          )}
        </Stack>
      </Block>

      <Block title="Explanation">
        <Text size="sm" c={question.explanation ? undefined : "dimmed"} style={{ whiteSpace: "pre-wrap" }}>
          {question.explanation || "None"}
        </Text>
      </Block>

      <Block title="Tags">
        {question.tags.length > 0 ? (
          <Group gap={6}>
            {question.tags.map((tag) => (
              <Badge key={tag} variant="outline" color="gray" radius="sm" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
      </Block>

      {question.audioPath && (
        <Block title="Audio file">
          <Code>{question.audioPath}</Code>
        </Block>
      )}

      <Block title="Digest">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code block style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }} aria-label="Digest">
            {question.digest}
          </Code>
          <CopyButton value={question.digest}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? "Copied" : "Copy the digest"}>
                <UnstyledButton onClick={copy} aria-label="Copy the digest" c="dimmed" mt={8}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </UnstyledButton>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          SHA-256 of the question's record. Equal digests mean equal content, in any backup. Question id{" "}
          <Code>{question.id}</Code>.
        </Text>
      </Block>
    </Stack>
  );
}
