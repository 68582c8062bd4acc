/**
 * One backup at /backups/:backupId: what it is (time, trigger, scope, note, parent, sizes), the
 * sections it holds, and a browser of its questions as stored. The section and the search of the
 * browser live in the URL (`?section=…&q=…`) like the question bank's. "Download" saves the
 * backup as a `.qvar` archive file (any role).
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, Skeleton, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArchiveOff, IconArrowLeft, IconDownload, IconRestore } from "@tabler/icons-react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { BackupHeading } from "../../components/backup-heading";
import { BackupNote } from "../../components/backup-note";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
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
        <LoadError title="Cannot load this backup" error={error} onRetry={() => void refetch()} />
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

  return (
    <Stack gap="lg">
      {back}
      <BackupHeading
        order={2}
        time={backup.createdAt}
        trigger={backup.trigger}
        pinned={backup.pinned}
        encrypted={backup.encrypted}
        actions={
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
        }
      >
        {backup.note && (
          <Text c="dimmed" mt={4}>
            “<BackupNote note={backup.note} />”
          </Text>
        )}
      </BackupHeading>
      <BackupSummary backup={backup} selectedSection={sectionId} onSelectSection={selectSection} />
      <SnapshotQuestionList backup={backup} sectionId={sectionId} onSelectSection={selectSection} />
      <DownloadArchiveModal backupId={backup.id} opened={downloadOpened} onClose={download.close} />
    </Stack>
  );
}
