/**
 * A question's history: each distinct version of it that backups hold, newest first, with when
 * it was first seen (its oldest backup: when the version was made, as near as backups tell) and
 * last seen (its newest backup), and how many backups hold it. The count at the top is the same
 * as the list's; the question's own revision number (it rises with every save) is said beside
 * it, since backups hold only the revisions they were taken at. Each can be viewed as stored, and (ADMIN)
 * restored: a QUESTIONS restore of this one question from that backup, confirmed and followed in
 * `QuestionVersionRestore`. The version equal to the question now is marked. Versions are a
 * look-up of the repository, not cached; the list is asked again after a restore.
 */
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import {
  Badge,
  Button,
  Collapse,
  EmptyState,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Timeline,
} from "@mantine/core";
import { IconArchive, IconEye, IconEyeOff, IconRestore } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { BackupNote } from "../../components/backup-note";
import { LoadError } from "../../components/load-error";
import { RelativeTime } from "../../components/relative-time";
import { StoredQuestion } from "../../components/stored-question";
import { graphql } from "../../gql";
import type { QuestionHistoryQuery as HistoryResult, QuestionEditorFieldsFragment } from "../../gql/graphql";
import { BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatDateTime } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { useSession } from "../../lib/session";
import { QuestionVersionRestore } from "./question-version-restore";

const PAGE_SIZE = 10;

const QuestionHistoryQuery = graphql(`
  query QuestionHistory($id: ID!, $first: Int!, $after: String) {
    question(id: $id) {
      id
      history(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            digest
            backup {
              id
              createdAt
              trigger
              note
            }
            firstBackup {
              id
              createdAt
              trigger
            }
            backupCount
            question {
              id
              sectionId
              type
              prompt
              explanation
              difficulty
              tags
              audioPath
              position
              answers {
                text
                isCorrect
                position
              }
            }
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

type Version = NonNullable<HistoryResult["question"]>["history"]["edges"][number]["node"];

/** True when `version` holds what the question holds now (every field a record keeps). */
function isCurrent(version: Version, question: QuestionEditorFieldsFragment): boolean {
  const stored = version.question;
  const sorted = <T extends { position: number }>(list: readonly T[]) =>
    [...list].sort((a, b) => a.position - b.position);
  const answers = (list: readonly { text: string; isCorrect: boolean; position: number }[]) =>
    JSON.stringify(sorted(list).map((answer) => [answer.text, answer.isCorrect]));
  return (
    stored.sectionId === question.section.id &&
    stored.type === question.type &&
    stored.prompt === question.prompt &&
    (stored.explanation ?? "") === (question.explanation ?? "") &&
    stored.difficulty === question.difficulty &&
    JSON.stringify(stored.tags) === JSON.stringify(question.tags) &&
    (stored.audioPath ?? "") === (question.audioPath ?? "") &&
    stored.position === question.position &&
    answers(stored.answers) === answers(question.answers)
  );
}

export interface QuestionHistoryProps {
  question: QuestionEditorFieldsFragment;
  sectionNames: ReadonlyMap<string, string>;
  /** True when the editor has unsaved changes, which a restore would replace. */
  dirty: boolean;
}

export function QuestionHistory({ question, sectionNames, dirty }: QuestionHistoryProps) {
  const session = useSession();
  const [shown, setShown] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<Version | null>(null);
  const variables = { id: question.id, first: PAGE_SIZE };
  const { data, error, networkStatus, fetchMore, refetch } = useQuery(QuestionHistoryQuery, {
    variables,
    fetchPolicy: "no-cache",
    notifyOnNetworkStatusChange: true,
  });
  const history = data?.question?.history;
  // The backups on show, by id: a note that names one of them says its time with no request.
  const times = useMemo(
    () =>
      new Map(
        (history?.edges ?? []).flatMap(({ node }) => [
          [node.backup.id, node.backup.createdAt] as const,
          [node.firstBackup.id, node.firstBackup.createdAt] as const,
        ]),
      ),
    [history],
  );

  if (!history) {
    if (error)
      return (
        <LoadError title="Cannot load this question's history" error={error} onRetry={() => void refetch()} />
      );
    return (
      <Stack gap="sm" aria-busy aria-label="Loading the history">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height={56} />
        ))}
      </Stack>
    );
  }
  if (history.edges.length === 0)
    return (
      <EmptyState
        icon={<IconArchive />}
        title="No backup holds this question yet"
        description="Its versions appear here once backups hold them."
      />
    );

  const loadMore = () =>
    void fetchMore({
      variables: { ...variables, after: history.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => {
        if (!previous.question || !fetchMoreResult.question) return fetchMoreResult;
        return {
          ...fetchMoreResult,
          question: {
            ...fetchMoreResult.question,
            history: {
              ...fetchMoreResult.question.history,
              edges: [...previous.question.history.edges, ...fetchMoreResult.question.history.edges],
            },
          },
        };
      },
    });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" data-version-count={history.totalCount}>
        {countOf(history.totalCount, "version")} in backups, newest first. The question has been saved{" "}
        {countOf(question.version, { one: "time", other: "times" })}; backups hold the versions they were
        taken at.
      </Text>
      <Timeline bulletSize={22} lineWidth={2} aria-label="Versions">
        {history.edges.map(({ node }) => {
          const trigger = BACKUP_TRIGGERS[node.firstBackup.trigger];
          const once = node.backupCount === 1;
          const current = isCurrent(node, question);
          const open = shown === node.digest;
          return (
            <Timeline.Item
              key={node.digest}
              bullet={<IconArchive size={12} />}
              color={current ? "green" : "gray"}
              data-digest={node.digest}
              data-backup-id={node.backup.id}
              title={
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    First seen {formatDateTime(node.firstBackup.createdAt)}
                  </Text>
                  <Badge variant="light" color={trigger.color} radius="sm" tt="none" size="sm">
                    {trigger.label}
                  </Badge>
                  {current && (
                    <Badge variant="filled" color="green" radius="sm" tt="none" size="sm">
                      Same as now
                    </Badge>
                  )}
                </Group>
              }
            >
              <Text size="xs" c="dimmed" data-seen={node.backupCount}>
                {once ? (
                  <>
                    In 1 backup, <RelativeTime iso={node.firstBackup.createdAt} />
                  </>
                ) : (
                  <>
                    In {countOf(node.backupCount, "backup")}: first{" "}
                    <RelativeTime iso={node.firstBackup.createdAt} />, last{" "}
                    <RelativeTime iso={node.backup.createdAt} />
                  </>
                )}
                {node.backup.note && (
                  <>
                    {" · “"}
                    <BackupNote note={node.backup.note} times={times} />”
                  </>
                )}
              </Text>
              <Text size="sm" lineClamp={2} mt={2}>
                {node.question.prompt}
              </Text>
              <Group gap="xs" mt={6}>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  leftSection={open ? <IconEyeOff size={14} /> : <IconEye size={14} />}
                  onClick={() => setShown(open ? null : node.digest)}
                  aria-expanded={open}
                >
                  {open ? "Hide" : "View"}
                </Button>
                {session.canWriteBank && !current && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconRestore size={14} />}
                    onClick={() => setRestoring(node)}
                  >
                    Restore this version
                  </Button>
                )}
              </Group>
              <Collapse expanded={open}>
                {open && (
                  <Paper withBorder radius="sm" p="sm" mt="xs">
                    <StoredQuestion
                      question={node.question}
                      label={`The version of ${formatDateTime(node.backup.createdAt)}`}
                    />
                    {node.question.sectionId !== question.section.id && (
                      <Text size="xs" c="dimmed" mt="xs">
                        Held in section {sectionNames.get(node.question.sectionId) ?? node.question.sectionId}
                        .
                      </Text>
                    )}
                  </Paper>
                )}
              </Collapse>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {history.pageInfo.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={networkStatus === NetworkStatus.fetchMore} onClick={loadMore}>
            Load older versions
          </Button>
        </Group>
      )}
      <QuestionVersionRestore
        questionId={question.id}
        version={restoring ? { backupId: restoring.backup.id, createdAt: restoring.backup.createdAt } : null}
        sectionNames={sectionNames}
        dirty={dirty}
        onClose={() => setRestoring(null)}
        onRestored={() => void refetch().catch(() => undefined)}
      />
    </Stack>
  );
}
