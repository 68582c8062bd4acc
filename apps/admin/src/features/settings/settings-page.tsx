import { IconSettings } from "@tabler/icons-react";
import { PlaceholderPage } from "../../components/placeholder-page";

export function SettingsPage() {
  return (
    <PlaceholderPage
      title="Settings"
      icon={<IconSettings />}
      coming="Settings arrive with the repository: where backups are stored, the retention policy, and API keys."
    />
  );
}
