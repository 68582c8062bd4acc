/**
 * A question as a backup holds it, read-only: type and difficulty, prompt, answers with the
 * correct ones ticked (every answer of a short-answer question is accepted), explanation, tags
 * and audio file, and optionally its position and the digest of its record. It renders what it is
 * given; a question's history shows its versions with it, a backup's page one question of it.
 */
import {
  Badge,
  Code,
  CopyButton,
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
import type { ReactNode } from "react";
import type { QuestionType } from "../gql/graphql";
import { DIFFICULTY_LABELS, QUESTION_TYPES } from "../lib/question-types";
import { AudioPlayer } from "./audio-player";

export interface StoredQuestionValue {
  type: QuestionType;
  prompt: string;
  explanation: string | null;
  difficulty: number | null;
  tags: string[];
  audioPath: string | null;
  /** The audio file the backup holds, when it holds one. */
  audio?: { url: string; bytes: number; durationMs: number | null } | null;
  /** Reads the audio instead of fetching its `url` (an archive read in the browser). */
  loadAudio?: (signal: AbortSignal) => Promise<Blob>;
  answers: { text: string; isCorrect: boolean; position: number }[];
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={5} size="xs" c="dimmed" tt="uppercase">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export interface StoredQuestionProps {
  question: StoredQuestionValue;
  /** Accessible name of the group that holds the question. */
  label: string;
  /** The question's position in its section; not shown when omitted. */
  position?: number;
  /** The digest of the question's record and the question's id; not shown when omitted. */
  record?: { questionId: string; digest: string };
}

export function StoredQuestion({ question, label, position, record }: StoredQuestionProps) {
  const type = QUESTION_TYPES[question.type];
  const everyAnswerAccepted = type.correct === "all";
  const answers = [...question.answers].sort((a, b) => a.position - b.position);
  return (
    <Stack gap="sm" aria-label={label} role="group">
      <Group gap="xs">
        <Badge variant="light" color={type.color} radius="sm" tt="none" fw={600}>
          {type.label}
        </Badge>
        <Badge variant="outline" color="gray" radius="sm" tt="none">
          {question.difficulty ? `Difficulty ${DIFFICULTY_LABELS[question.difficulty]}` : "No difficulty"}
        </Badge>
        {position !== undefined && (
          <Badge variant="outline" color="gray" radius="sm" tt="none">
            Position {position}
          </Badge>
        )}
      </Group>
      <Block title="Prompt">
        <Paper withBorder radius="sm" p="xs" bg="var(--qvault-color-surface)">
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-stored="prompt">
            {question.prompt}
          </Text>
        </Paper>
      </Block>
      <Block title={everyAnswerAccepted ? "Accepted answers" : "Answers"}>
        <Stack gap={4} role="list" aria-label="Answers">
          {answers.map((answer) => {
            const correct = everyAnswerAccepted || answer.isCorrect;
            return (
              <Group key={answer.position} gap="xs" wrap="nowrap" role="listitem" data-correct={correct}>
                <ThemeIcon
                  size={18}
                  radius="xl"
                  variant={correct ? "filled" : "light"}
                  color={correct ? "green" : "gray"}
                  aria-label={correct ? "Correct" : "Not correct"}
                >
                  {correct ? <IconCheck size={12} /> : <IconX size={12} />}
                </ThemeIcon>
                <Text size="sm" style={{ flex: 1, whiteSpace: "pre-wrap" }} fw={correct ? 600 : undefined}>
                  {answer.text}
                </Text>
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
      <Group gap="xl" align="flex-start">
        <Block title="Tags">
          {question.tags.length > 0 ? (
            <Group gap={4}>
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
        {question.audioPath && !question.audio && (
          <Block title="Audio file">
            <Text size="sm" ff="monospace">
              {question.audioPath}
            </Text>
          </Block>
        )}
      </Group>
      {question.audio && (
        <Block title="Audio">
          <AudioPlayer
            url={question.audio.url}
            load={question.loadAudio}
            label={`Recording of this ${label.toLowerCase()}`}
            bytes={question.audio.bytes}
            durationMs={question.audio.durationMs}
          />
          <Text size="xs" c="dimmed" ff="monospace">
            {question.audioPath}
          </Text>
        </Block>
      )}
      {record && <RecordDigest {...record} />}
    </Stack>
  );
}

function RecordDigest({ questionId, digest }: { questionId: string; digest: string }) {
  return (
    <Block title="Digest">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }} aria-label="Digest">
          {digest}
        </Code>
        <CopyButton value={digest}>
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
        <Code>{questionId}</Code>.
      </Text>
    </Block>
  );
}
