/**
 * Backups: the history (filtered by trigger and section, both kept in the URL as `?trigger=` and
 * `?section=`), "Back up now" for OPERATOR and ADMIN keys, and the live progress of the backups
 * started here. Pin and delete are in the history's rows, for ADMIN keys. "Import a backup file"
 * (OPERATOR and ADMIN keys) uploads a `.qvar` archive, which comes back as a new backup of trigger
 * Import at the top of the history; "Open a backup file" reads one in the browser instead.
 */
import { Button, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconDatabaseExport,
  IconFileSearch,
  IconFileUpload,
  IconFilter,
  IconFolder,
} from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ImportArchiveModal } from "../../components/import-archive-modal";
import type { BackupTrigger } from "../../gql/graphql";
import { BACKUP_TRIGGER_OPTIONS, BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { useSession } from "../../lib/session";
import { BackUpNowModal, type StartedBackup } from "./back-up-now-modal";
import { BackupHistory, type HistoryFilter } from "./backup-history";
import { RunningBackup } from "./running-backup";
import { useSectionChoices } from "./use-section-choices";

function isTrigger(value: string | null): value is BackupTrigger {
  return value !== null && value in BACKUP_TRIGGERS;
}

export function BackupsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [modalOpened, modal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [running, setRunning] = useState<StartedBackup[]>([]);
  /** The backups started here that have ended: of those, only the newest keeps its panel. */
  const [ended, setEnded] = useState<ReadonlySet<string>>(new Set());
  const { choices } = useSectionChoices();
  const triggerParam = params.get("trigger");
  const trigger = isTrigger(triggerParam) ? triggerParam : null;
  const sectionId = params.get("section");
  // Always both keys, null when unset: the history's cache entries are keyed by these values.
  const filter = useMemo<HistoryFilter>(() => ({ trigger, sectionId }), [trigger, sectionId]);

  const setParam = (name: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>Backups</Title>
          <Text c="dimmed" size="sm">
            Every backup of the bank, newest first. Open one to browse the questions it holds.
          </Text>
        </div>
        <Group gap="sm">
          <Button component={Link} to="/archive" variant="default" leftSection={<IconFileSearch size={18} />}>
            Open a backup file
          </Button>
          {session.canOperate && (
            <Button variant="default" leftSection={<IconFileUpload size={18} />} onClick={importModal.open}>
              Import a backup file
            </Button>
          )}
          {session.canOperate && (
            <Button leftSection={<IconDatabaseExport size={18} />} onClick={modal.open}>
              Back up now
            </Button>
          )}
        </Group>
      </Group>

      {running.map((started) => (
        <RunningBackup
          key={started.job.id}
          started={started}
          filter={filter}
          onDismiss={() => setRunning((list) => list.filter((other) => other.job.id !== started.job.id))}
          onFinished={() => {
            // One finished panel at a time: the one that ended last replaces the others.
            setEnded((ids) => new Set(ids).add(started.job.id));
            setRunning((list) =>
              list.filter((other) => other.job.id === started.job.id || !ended.has(other.job.id)),
            );
          }}
        />
      ))}

      <Group gap="sm" align="flex-end">
        <Select
          label="Trigger"
          placeholder="All triggers"
          data={BACKUP_TRIGGER_OPTIONS}
          value={trigger}
          onChange={(value) => setParam("trigger", value)}
          clearable
          leftSection={<IconFilter size={16} />}
          w={200}
        />
        <Select
          label="Section"
          placeholder="All sections"
          data={choices}
          value={sectionId}
          onChange={(value) => setParam("section", value)}
          clearable
          searchable
          nothingFoundMessage="No section has that name"
          leftSection={<IconFolder size={16} />}
          w={280}
        />
      </Group>

      <BackupHistory filter={filter} onClearFilters={() => setParams(new URLSearchParams())} />

      {session.canOperate && <ImportArchiveModal opened={importOpened} onClose={importModal.close} />}
      {session.canOperate && (
        <BackUpNowModal
          opened={modalOpened}
          onClose={modal.close}
          onStarted={(started) =>
            setRunning((list) => [started, ...list.filter((other) => !ended.has(other.job.id))])
          }
        />
      )}
    </Stack>
  );
}
