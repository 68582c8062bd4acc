/**
 * One backup at /backups/:backupId: what it is (time, trigger, scope, note, parent, sizes), the
 * sections it holds, and a browser of its questions as stored. The section and the search of the
 * browser live in the URL (`?section=…&q=…`) like the question bank's. "Download" saves the
 * backup as a `.qvar` archive file (any role).
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Anchor, Badge, Button, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAlertTriangle,
  IconArchiveOff,
  IconArrowLeft,
  IconDownload,
  IconLock,
  IconPinFilled,
  IconRestore,
} from "@tabler/icons-react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { graphql } from "../../gql";
import { errorMessage } from "../../lib/api-errors";
import { BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatDateTime } from "../../lib/format";
import { useSession } from "../../lib/session";
import { BackupActions } from "./backup-actions";
import { BackupSummary } from "./backup-summary";
import { DownloadArchiveModal } from "./download-archive-modal";
import { SnapshotQuestionList } from "./snapshot-question-list";

export const BackupDetailQuery = graphql(`
  query BackupDetail($id: ID!) {
    backup(id: $id) {
      id
      ...BackupSummary
    }
  }
`);

export function BackupDetailPage() {
  const { backupId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [downloadOpened, download] = useDisclosure(false);
  const { data, error, loading, refetch } = useQuery(BackupDetailQuery, { variables: { id: backupId } });
  const backup = data?.backup;
  const sectionId = params.get("section");

  const selectSection = (id: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set("section", id);
        else next.delete("section");
        return next;
      },
      { replace: true },
    );

  const back = (
    <Anchor component={Link} to="/backups" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        All backups
      </Group>
    </Anchor>
  );

  if (error && !backup) {
    return (
      <Stack gap="md" maw={720}>
        {back}
        <Alert color="red" icon={<IconAlertTriangle />} title="Cannot load this backup">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessage(error)}</Text>
            <Button size="xs" variant="default" onClick={() => void refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  if (!backup) {
    return (
      <Stack gap="md">
        {back}
        {loading ? (
          <Stack gap="md" aria-busy aria-label="Loading the backup">
            <Skeleton height={32} w={420} />
            <Skeleton height={90} />
            <Skeleton height={220} />
          </Stack>
        ) : (
          <Alert color="gray" icon={<IconArchiveOff />} title="No such backup" maw={720}>
            There is no backup with this id; it may have been deleted.
          </Alert>
        )}
      </Stack>
    );
  }

  const trigger = BACKUP_TRIGGERS[backup.trigger];
  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Group gap="sm">
            <Title order={2}>Backup of {formatDateTime(backup.createdAt)}</Title>
            <Badge variant="light" color={trigger.color} radius="sm" tt="none" fw={600}>
              {trigger.label}
            </Badge>
            {backup.pinned && (
              <Badge
                variant="light"
                color="grape"
                radius="sm"
                tt="none"
                leftSection={<IconPinFilled size={12} />}
              >
                Pinned
              </Badge>
            )}
            {backup.encrypted && (
              <Badge variant="light" color="dark" radius="sm" tt="none" leftSection={<IconLock size={12} />}>
                Encrypted
              </Badge>
            )}
          </Group>
          {backup.note && (
            <Text c="dimmed" mt={4}>
              “{backup.note}”
            </Text>
          )}
        </div>
        <Group gap="sm">
          <Button
            component={Link}
            to={`/backups/${backup.id}/restore`}
            variant="light"
            leftSection={<IconRestore size={16} />}
          >
            {session.canWriteBank ? "Restore…" : "Preview a restore"}
          </Button>
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download.open}>
            Download
          </Button>
          {session.canManageBackups && (
            <BackupActions backup={backup} variant="buttons" onDeleted={() => navigate("/backups")} />
          )}
        </Group>
      </Group>
      <BackupSummary backup={backup} selectedSection={sectionId} onSelectSection={selectSection} />
      <SnapshotQuestionList backup={backup} sectionId={sectionId} onSelectSection={selectSection} />
      <DownloadArchiveModal backupId={backup.id} opened={downloadOpened} onClose={download.close} />
    </Stack>
  );
}
