/**
 * The top of a page about one backup: "Backup of <time>" with its trigger and whether it is
 * pinned or encrypted, a line under it, and the page's buttons on the right.
 */
import { Badge, Group, Title } from "@mantine/core";
import { IconLock, IconPinFilled } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { BackupTrigger } from "../gql/graphql";
import { BACKUP_TRIGGERS } from "../lib/backup-labels";
import { formatDateTime } from "../lib/format";

/** A badge with a lock, saying a backup is encrypted ("Encrypted", or "Yes" in a list of details). */
export function EncryptedBadge({ children = "Encrypted" }: { children?: ReactNode }) {
  return (
    <Badge variant="light" color="dark" radius="sm" tt="none" leftSection={<IconLock size={12} />}>
      {children}
    </Badge>
  );
}

export interface BackupHeadingProps {
  /** The heading's level: 2 where the backup is the page, 3 below the page's own title. */
  order: 2 | 3;
  /** When the backup was taken (ISO 8601). */
  time: string;
  trigger: BackupTrigger;
  pinned?: boolean;
  encrypted: boolean;
  /** Under the title: the note, where the file came from. */
  children?: ReactNode;
  /** On the right: the buttons. */
  actions?: ReactNode;
}

export function BackupHeading({
  order,
  time,
  trigger,
  pinned,
  encrypted,
  children,
  actions,
}: BackupHeadingProps) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <div style={{ flex: "1 1 280px", minWidth: 0, overflowWrap: "anywhere" }}>
        <Group gap="sm">
          <Title order={order}>Backup of {formatDateTime(time)}</Title>
          <Badge variant="light" color={BACKUP_TRIGGERS[trigger].color} radius="sm" tt="none" fw={600}>
            {BACKUP_TRIGGERS[trigger].label}
          </Badge>
          {pinned && (
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
          {encrypted && <EncryptedBadge />}
        </Group>
        {children}
      </div>
      {actions}
    </Group>
  );
}
