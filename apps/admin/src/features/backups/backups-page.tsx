import { IconArchive } from "@tabler/icons-react";
import { PlaceholderPage } from "../../components/placeholder-page";

export function BackupsPage() {
  return (
    <PlaceholderPage
      title="Backups"
      icon={<IconArchive />}
      coming="Backups arrive with the repository: the history of snapshots, back up now, and browse a backup before restoring it."
    />
  );
}
