/** One question in the list: its prompt (the link to its editor), type, difficulty and tags. */
import { Badge, Group, Table, Text } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import { graphql } from "../../gql";
import type { QuestionRowFragment } from "../../gql/graphql";
import { QUESTION_TYPES } from "../../lib/question-types";

graphql(`
  fragment QuestionRow on Question {
    id
    prompt
    type
    difficulty
    tags
    section {
      id
      name
    }
  }
`);

export interface QuestionRowProps {
  question: QuestionRowFragment;
  /** Name the section under the prompt (when the list spans sections). */
  showSection: boolean;
  /** The editor's address. */
  href: string;
}

export function QuestionRow({ question, showSection, href }: QuestionRowProps) {
  const navigate = useNavigate();
  return (
    <Table.Tr
      style={{ cursor: "pointer" }}
      onClick={(event) => {
        // The prompt is the row's link; a click elsewhere on the row does the same.
        if (!(event.target as HTMLElement).closest("a")) navigate(href);
      }}
    >
      <Table.Td>
        <Text
          component={Link}
          to={href}
          size="sm"
          fw={500}
          lineClamp={2}
          c="var(--mantine-color-text)"
          style={{ textDecoration: "none" }}
        >
          {question.prompt}
        </Text>
        {showSection && (
          <Text size="xs" c="dimmed" mt={2} visibleFrom="sm">
            {question.section.name}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={2} hiddenFrom="sm">
          {[
            showSection ? question.section.name : null,
            QUESTION_TYPES[question.type].label,
            question.difficulty ? `difficulty ${question.difficulty}/5` : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Badge variant="light" color={QUESTION_TYPES[question.type].color} radius="sm" tt="none" fw={600}>
          {QUESTION_TYPES[question.type].label}
        </Badge>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm" c={question.difficulty ? undefined : "dimmed"}>
          {question.difficulty ? `${question.difficulty} / 5` : "—"}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Group gap={4}>
          {question.tags.slice(0, 3).map((tag) => (
            <Badge key={tag} variant="outline" color="gray" size="sm" radius="sm" tt="none">
              {tag}
            </Badge>
          ))}
          {question.tags.length > 3 && (
            <Text size="xs" c="dimmed">
              +{question.tags.length - 3}
            </Text>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
