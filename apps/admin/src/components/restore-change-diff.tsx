/**
 * One item of a restore plan side by side: the bank now on the left, the bank after the restore
 * on the right, changed values tinted and the changed words marked. A question shows every
 * answer with the correct ones ticked: for a CHANGED question the bank's current question is
 * fetched to fill in what did not change (see `restore-diff-model.ts`). Used by the restore
 * wizard and by a question's history.
 */
import { skipToken, useQuery } from "@apollo/client/react";
import { Box, Skeleton, Table, Text, useMatches } from "@mantine/core";
import type { ReactNode } from "react";
import { graphql } from "../gql";
import type { QuestionType, RestoreChangeDiffFragment } from "../gql/graphql";
import { QUESTION_TYPES } from "../lib/question-types";
import {
  type AnswerSide,
  answerIndexes,
  buildItemDiff,
  type ItemDiff,
  type ItemSide,
  rowsOf,
} from "./restore-diff-model";
import { AnswerValue, FieldValue, type Side } from "./restore-diff-values";

graphql(`
  fragment RestoreChangeDiff on RestorePlanItem {
    kind
    entity
    id
    sectionId
    title
    fields {
      path
      before
      after
    }
  }
`);

const CurrentQuestionQuery = graphql(`
  query RestoreDiffCurrentQuestion($id: ID!) {
    question(id: $id) {
      id
      type
      prompt
      explanation
      difficulty
      tags
      audioPath
      position
      section {
        id
      }
      answers {
        id
        text
        isCorrect
        position
      }
    }
  }
`);

const LABELS: Record<string, string> = {
  name: "Name",
  description: "Description",
  prompt: "Prompt",
  explanation: "Explanation",
  tags: "Tags",
  type: "Type",
  difficulty: "Difficulty",
  sectionId: "Section",
  position: "Position",
  audioPath: "Audio file",
};

const TINT = { before: "var(--mantine-color-red-light)", after: "var(--mantine-color-green-light)" } as const;

export interface RestoreChangeDiffProps {
  item: RestoreChangeDiffFragment;
  /** Section names by id, for `sectionId` and section moves. */
  sectionNames: ReadonlyMap<string, string>;
}

export function RestoreChangeDiff({ item, sectionNames }: RestoreChangeDiffProps) {
  const needsCurrent = item.kind === "CHANGED" && item.entity === "Question";
  // The bank as it is now, not as the cache last saw it.
  // A phone has no room for a label column: each field's name goes on a line of its own, above
  // its two sides.
  const stacked = useMatches({ base: true, sm: false });
  const { data, loading } = useQuery(
    CurrentQuestionQuery,
    needsCurrent ? { variables: { id: item.id }, fetchPolicy: "network-only" } : skipToken,
  );
  if (needsCurrent && loading && !data)
    return <Skeleton height={120} aria-label="Loading the question as it is now" />;

  const diff = buildItemDiff(item.kind, item.fields, data?.question);
  const sides: Side[] =
    diff.before && diff.after ? ["before", "after"] : diff.before ? ["before"] : ["after"];
  const heading: Record<Side, string> =
    sides.length === 2
      ? { before: "Now", after: "After the restore" }
      : { before: "Now (the restore deletes it)", after: "After the restore (it is added)" };
  const type = (diff.after?.fields.get("type") ?? diff.before?.fields.get("type")) as
    | QuestionType
    | undefined;
  const everyAnswerAccepted = type ? QUESTION_TYPES[type]?.correct === "all" : false;

  return (
    <Box style={{ overflowX: "auto" }}>
      <Table
        layout="fixed"
        withColumnBorders
        withTableBorder
        verticalSpacing={6}
        aria-label={`Changes to ${item.title}`}
        data-diff-kind={item.kind}
      >
        <Table.Thead>
          <Table.Tr>
            {!stacked && <Table.Th w={110}>Field</Table.Th>}
            {sides.map((side) => (
              <Table.Th key={side}>{heading[side]}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rowsOf(diff, item.entity).map((field) =>
            field === "answers"
              ? answerIndexes(diff).map((index) => [
                  stacked && (
                    <LabelRow
                      key={`answer-${index}-label`}
                      label={`Answer ${index + 1}`}
                      span={sides.length}
                    />
                  ),
                  <Table.Tr key={`answer-${index}`} data-field={`answers.${index}`}>
                    {!stacked && (
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          Answer {index + 1}
                        </Text>
                      </Table.Td>
                    )}
                    {sides.map((side) => (
                      <DiffCell
                        key={side}
                        side={side}
                        changed={diff.changedAnswers.has(index) && sides.length === 2}
                      >
                        <AnswerValue
                          answer={diff[side]?.answers.get(index)}
                          other={otherAnswer(diff, side, index)}
                          side={side}
                          everyAnswerAccepted={everyAnswerAccepted}
                        />
                      </DiffCell>
                    ))}
                  </Table.Tr>,
                ])
              : [
                  stacked && (
                    <LabelRow key={`${field}-label`} label={LABELS[field] ?? field} span={sides.length} />
                  ),
                  <Table.Tr key={field} data-field={field}>
                    {!stacked && (
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {LABELS[field] ?? field}
                        </Text>
                      </Table.Td>
                    )}
                    {sides.map((side) => (
                      <DiffCell
                        key={side}
                        side={side}
                        changed={diff.changed.has(field) && sides.length === 2}
                      >
                        <FieldValue
                          field={field}
                          value={(diff[side] as ItemSide).fields.get(field)}
                          other={
                            sides.length === 2
                              ? diff[side === "before" ? "after" : "before"]?.fields.get(field)
                              : undefined
                          }
                          side={side}
                          changed={diff.changed.has(field) && sides.length === 2}
                          sectionNames={sectionNames}
                        />
                      </DiffCell>
                    ))}
                  </Table.Tr>,
                ],
          )}
        </Table.Tbody>
      </Table>
      {!diff.complete && (
        <Text size="xs" c="dimmed" mt={4}>
          Only what changes is shown: the question as it is now could not be loaded.
        </Text>
      )}
    </Box>
  );
}

function otherAnswer(diff: ItemDiff, side: Side, index: number): AnswerSide | undefined {
  return diff[side === "before" ? "after" : "before"]?.answers.get(index);
}

function DiffCell({ side, changed, children }: { side: Side; changed: boolean; children: ReactNode }) {
  return (
    <Table.Td
      data-side={side}
      data-changed={changed}
      bg={changed ? TINT[side] : undefined}
      valign="top"
      style={{ overflowWrap: "break-word" }}
    >
      {children}
    </Table.Td>
  );
}

/** On a phone: a field's name on a line of its own, across both sides. */
function LabelRow({ label, span }: { label: string; span: number }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={span} py={2}>
        <Text size="xs" fw={600} c="dimmed">
          {label}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
