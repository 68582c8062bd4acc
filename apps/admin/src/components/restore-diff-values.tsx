/**
 * The values in a restore diff's cells: texts with the changed words marked, tags with the ones
 * only one side has filled in, types, difficulties and sections by name, and answers with the
 * correct ones ticked.
 */
import { Badge, Box, Group, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { QuestionType } from "../gql/graphql";
import { DIFFICULTY_LABELS, QUESTION_TYPES } from "../lib/question-types";
import { type AnswerSide, textChange } from "./restore-diff-model";

/** Which side of the diff a value is on: the bank now, or after the restore. */
export type Side = "before" | "after";

const MARK = { before: "var(--qvault-color-mark-removed)", after: "var(--qvault-color-mark-added)" } as const;

function None({ children = "None" }: { children?: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" fs="italic">
      {children}
    </Text>
  );
}

/** A text with the part that differs from `other` marked (only when both are texts). */
function MarkedText({ text, other, side }: { text: string; other: unknown; side: Side }) {
  if (typeof other !== "string" || other === text)
    return (
      <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
        {text}
      </Text>
    );
  const change = side === "before" ? textChange(text, other) : textChange(other, text);
  const middle = side === "before" ? change.removed : change.added;
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
      {change.prefix}
      {middle && (
        <Text
          span
          inherit
          bg={MARK[side]}
          td={side === "before" ? "line-through" : undefined}
          style={{ borderRadius: 2 }}
        >
          {middle}
        </Text>
      )}
      {change.suffix}
    </Text>
  );
}

export interface FieldValueProps {
  field: string;
  value: unknown;
  other: unknown;
  side: Side;
  changed: boolean;
  sectionNames: ReadonlyMap<string, string>;
}

export function FieldValue({ field, value, other, side, changed, sectionNames }: FieldValueProps) {
  if (value === null || value === undefined || value === "") return <None />;
  if (field === "tags" && Array.isArray(value)) {
    if (value.length === 0) return <None />;
    const others = new Set(Array.isArray(other) ? other : []);
    return (
      <Group gap={4}>
        {value.map((tag) => (
          <Badge
            key={String(tag)}
            variant={changed && !others.has(tag) ? "filled" : "outline"}
            color={changed && !others.has(tag) ? (side === "before" ? "red" : "green") : "gray"}
            radius="sm"
            tt="none"
          >
            {String(tag)}
          </Badge>
        ))}
      </Group>
    );
  }
  if (field === "type" && typeof value === "string")
    return <Text size="sm">{QUESTION_TYPES[value as QuestionType]?.label ?? value}</Text>;
  if (field === "difficulty" && typeof value === "number")
    return <Text size="sm">{DIFFICULTY_LABELS[value] ?? value}</Text>;
  if (field === "sectionId" && typeof value === "string")
    return <Text size="sm">{sectionNames.get(value) ?? value}</Text>;
  if (typeof value === "string")
    return <MarkedText text={value} other={changed ? other : undefined} side={side} />;
  if (typeof value === "number" || typeof value === "boolean") return <Text size="sm">{String(value)}</Text>;
  return (
    <Text size="sm" ff="monospace">
      {JSON.stringify(value)}
    </Text>
  );
}

export interface AnswerValueProps {
  answer: AnswerSide | undefined;
  other: AnswerSide | undefined;
  side: Side;
  everyAnswerAccepted: boolean;
}

export function AnswerValue({ answer, other, side, everyAnswerAccepted }: AnswerValueProps) {
  if (!answer) return <None>{side === "before" ? "No such answer now" : "Removed"}</None>;
  const correct = everyAnswerAccepted || answer.isCorrect === true;
  const known = everyAnswerAccepted || answer.isCorrect !== undefined;
  return (
    <Group gap={8} wrap="nowrap" align="flex-start" data-correct={known ? correct : undefined}>
      {known && (
        <ThemeIcon
          size={20}
          radius="xl"
          variant={correct ? "filled" : "light"}
          color={correct ? "green" : "gray"}
          role="img"
          aria-label={correct ? "Correct" : "Not correct"}
          mt={1}
        >
          {correct ? <IconCheck size={13} /> : <IconX size={13} />}
        </ThemeIcon>
      )}
      <Box style={{ flex: 1, minWidth: 0 }}>
        {answer.text === undefined ? (
          <None>Text unchanged</None>
        ) : (
          <MarkedText text={answer.text} other={other?.text} side={side} />
        )}
      </Box>
      {correct && !everyAnswerAccepted && (
        <Text size="xs" c="green" fw={700} style={{ whiteSpace: "nowrap" }} visibleFrom="sm">
          correct
        </Text>
      )}
    </Group>
  );
}
