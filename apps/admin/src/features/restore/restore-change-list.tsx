/**
 * The items of a restore plan, one kind at a time (or all), 25 at a time with "Load more"; each
 * added, changed or deleted item opens to its side-by-side diff. Pages are not cached: a plan is
 * a preview of the bank as it is now, asked again each time the wizard shows it.
 */
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import {
  Accordion,
  Badge,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  useMatches,
} from "@mantine/core";
import { IconFolder, IconNotes } from "@tabler/icons-react";
import { useState } from "react";
import { ConnectionFooter } from "../../components/list-footer";
import { LoadError } from "../../components/load-error";
import { RestoreChangeDiff } from "../../components/restore-change-diff";
import { graphql } from "../../gql";
import type { ChangeKind, RestorePlanItemsQuery as PlanItems, RestoreInput } from "../../gql/graphql";
import { formatCount } from "../../lib/format";
import { CHANGE_KINDS } from "./restore-labels";

const PAGE_SIZE = 25;
const ALL = "ALL";

const RestorePlanItemsQuery = graphql(`
  query RestorePlanItems($input: RestoreInput!, $kind: ChangeKind, $first: Int!, $after: String) {
    restorePlan(input: $input) {
      items(kind: $kind, first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            ...RestoreChangeDiff
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** The next page after the ones shown: pages are not cached, so "Load more" joins them here. */
function appendPage(previous: PlanItems, { fetchMoreResult }: { fetchMoreResult: PlanItems }): PlanItems {
  if (!previous.restorePlan) return fetchMoreResult;
  return {
    ...fetchMoreResult,
    restorePlan: {
      ...fetchMoreResult.restorePlan,
      items: {
        ...fetchMoreResult.restorePlan.items,
        edges: [...previous.restorePlan.items.edges, ...fetchMoreResult.restorePlan.items.edges],
      },
    },
  };
}

const FIELD_NAMES: Record<string, string> = { sectionId: "section", audioPath: "audio file" };

/** "prompt, answers, tags" for the fields a change touches. */
function touched(paths: readonly string[]): string {
  const names = new Set(
    paths.map((path) => (path.startsWith("answers") ? "answers" : (FIELD_NAMES[path] ?? path))),
  );
  return [...names].join(", ");
}

export type PlanCounts = Record<ChangeKind, number>;

/** The kind a plan's list opens on: what changes most visibly first, everything when nothing does. */
export function defaultKind(counts: PlanCounts): ChangeKind | typeof ALL {
  return (["CHANGED", "ADDED", "DELETED"] as const).find((kind) => counts[kind] > 0) ?? ALL;
}

export interface RestoreChangeListProps {
  input: RestoreInput;
  counts: PlanCounts;
  sectionNames: ReadonlyMap<string, string>;
  kind: ChangeKind | typeof ALL;
  onKindChange(kind: ChangeKind | typeof ALL): void;
}

export function RestoreChangeList({
  input,
  counts,
  sectionNames,
  kind,
  onKindChange,
}: RestoreChangeListProps) {
  const [open, setOpen] = useState<string[]>([]);
  // Five choices side by side do not fit a phone: there they stand one under another.
  const orientation = useMatches<"horizontal" | "vertical">({ base: "vertical", sm: "horizontal" });
  const variables = { input, kind: kind === ALL ? null : kind, first: PAGE_SIZE };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(RestorePlanItemsQuery, {
    variables,
    fetchPolicy: "no-cache",
    notifyOnNetworkStatusChange: true,
  });
  const connection = (data ?? previousData)?.restorePlan.items;
  const stale = !data && networkStatus === NetworkStatus.setVariables;
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);

  let body: React.ReactNode;
  if (error && !connection) {
    body = <LoadError title="Cannot load the changes" error={error} onRetry={() => void refetch()} />;
  } else if (!connection) {
    body = (
      <Stack gap="xs" aria-busy aria-label="Loading the changes">
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton key={index} height={40} />
        ))}
      </Stack>
    );
  } else if (connection.edges.length === 0) {
    body = (
      <Text size="sm" c="dimmed" p="md" ta="center">
        Nothing {kind === ALL ? "in this plan" : `is ${CHANGE_KINDS[kind].label.toLowerCase()}`}.
      </Text>
    );
  } else {
    body = (
      <Stack gap="sm" style={{ opacity: stale ? 0.6 : 1 }} aria-busy={stale}>
        <Accordion
          multiple
          value={open}
          onChange={setOpen}
          variant="contained"
          radius="md"
          chevronPosition="left"
        >
          {connection.edges.map(({ node }) => {
            const value = `${node.entity}:${node.id}`;
            const unchanged = node.kind === "UNCHANGED";
            return (
              <Accordion.Item key={value} value={value} data-item-id={node.id} data-kind={node.kind}>
                <Accordion.Control disabled={unchanged} chevron={unchanged ? <span /> : undefined}>
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon variant="light" color="gray" size={26} radius="sm" aria-hidden>
                      {node.entity === "Section" ? <IconFolder size={16} /> : <IconNotes size={16} />}
                    </ThemeIcon>
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <Text size="sm" fw={500} lineClamp={1}>
                        {node.entity === "Section" ? `Section “${node.title}”` : node.title}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {node.entity === "Question" && node.sectionId
                          ? (sectionNames.get(node.sectionId) ?? "")
                          : "Section"}
                        {node.kind === "CHANGED" &&
                          ` · changes ${touched(node.fields.map((field) => field.path))}`}
                      </Text>
                    </div>
                    <Badge
                      variant="light"
                      color={CHANGE_KINDS[node.kind].color}
                      radius="sm"
                      tt="none"
                      fw={600}
                    >
                      {CHANGE_KINDS[node.kind].label}
                    </Badge>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  {open.includes(value) && <RestoreChangeDiff item={node} sectionNames={sectionNames} />}
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
        <ConnectionFooter
          connection={connection}
          fetchMore={fetchMore}
          networkStatus={networkStatus}
          variables={variables}
          updateQuery={appendPage}
          format={formatCount}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Show changes of kind"
        value={kind}
        onChange={(value) => {
          setOpen([]);
          onKindChange(value as ChangeKind | typeof ALL);
        }}
        data={[
          { value: ALL, label: `All (${formatCount(total)})` },
          ...(Object.keys(CHANGE_KINDS) as ChangeKind[]).map((value) => ({
            value,
            label: `${CHANGE_KINDS[value].label} (${formatCount(counts[value])})`,
          })),
        ]}
        orientation={orientation}
        fullWidth={orientation === "vertical"}
        style={{ alignSelf: orientation === "vertical" ? "stretch" : "flex-start" }}
      />
      {body}
    </Stack>
  );
}
