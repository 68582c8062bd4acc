import { IconListCheck } from "@tabler/icons-react";
import { PlaceholderPage } from "../../components/placeholder-page";

export function JobsPage() {
  return (
    <PlaceholderPage
      title="Jobs"
      icon={<IconListCheck />}
      coming="Jobs arrive with the job queue: running and finished backups, restores and checks, with live progress."
    />
  );
}
