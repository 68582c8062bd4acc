/** The bank's sections with their question counts; picks the section the list shows. */
import { useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  NavLink,
  Paper,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Text,
} from "@mantine/core";
import { IconFolder, IconFolders } from "@tabler/icons-react";
import { graphql } from "../../gql";
import { errorMessage } from "../../lib/api-errors";

export const QuestionSectionsQuery = graphql(`
  query QuestionSections {
    sections {
      id
      name
      questionCount
    }
  }
`);

export interface SectionListProps {
  /** The selected section's id, or null for all sections. */
  selected: string | null;
  onSelect(sectionId: string | null): void;
}

export function SectionList({ selected, onSelect }: SectionListProps) {
  const { data, error, loading, refetch } = useQuery(QuestionSectionsQuery);
  const sections = data?.sections ?? [];
  const total = sections.reduce((sum, section) => sum + section.questionCount, 0);

  return (
    <Paper withBorder radius="md" p="xs" component="nav" aria-label="Sections">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={6}>
        Sections
      </Text>
      {error ? (
        <Alert color="red" variant="light" m="xs">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessage(error)}</Text>
            <Button size="xs" variant="default" onClick={() => void refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : loading && !data ? (
        <Stack gap={6} p="xs">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={28} radius="sm" />
          ))}
        </Stack>
      ) : (
        <ScrollArea.Autosize mah="calc(100vh - 220px)" type="auto">
          <NavLink
            label="All sections"
            leftSection={<IconFolders size={16} stroke={1.6} />}
            rightSection={<CountBadge count={total} active={selected === null} />}
            active={selected === null}
            aria-current={selected === null ? "true" : undefined}
            onClick={() => onSelect(null)}
            style={{ borderRadius: "var(--mantine-radius-sm)" }}
          />
          {sections.map((section) => (
            <NavLink
              key={section.id}
              label={section.name}
              leftSection={<IconFolder size={16} stroke={1.6} />}
              rightSection={<CountBadge count={section.questionCount} active={selected === section.id} />}
              active={selected === section.id}
              aria-current={selected === section.id ? "true" : undefined}
              onClick={() => onSelect(section.id)}
              style={{ borderRadius: "var(--mantine-radius-sm)" }}
            />
          ))}
          {sections.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              The bank has no sections yet.
            </Text>
          )}
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}

function CountBadge({ count, active }: { count: number; active: boolean }) {
  return (
    <Badge size="sm" variant={active ? "filled" : "light"} color={active ? "blue" : "gray"} circle={false}>
      {count}
    </Badge>
  );
}

const ALL = "all";

/** The same choice as a compact select, for screens too narrow for the side list. */
export function SectionSelect({ selected, onSelect }: SectionListProps) {
  const { data } = useQuery(QuestionSectionsQuery);
  const sections = data?.sections ?? [];
  const total = sections.reduce((sum, section) => sum + section.questionCount, 0);
  return (
    <Select
      label="Section"
      data={[
        { value: ALL, label: `All sections (${total})` },
        ...sections.map((section) => ({
          value: section.id,
          label: `${section.name} (${section.questionCount})`,
        })),
      ]}
      value={selected ?? ALL}
      onChange={(value) => onSelect(value && value !== ALL ? value : null)}
      allowDeselect={false}
      leftSection={<IconFolder size={16} stroke={1.6} />}
    />
  );
}
