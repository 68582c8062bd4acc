import { Button } from "@mantine/core";
import { IconGauge } from "@tabler/icons-react";
import { Link } from "react-router";
import { PlaceholderPage } from "../../components/placeholder-page";

export function DashboardPage() {
  return (
    <PlaceholderPage
      title="Dashboard"
      icon={<IconGauge />}
      coming="The dashboard arrives with backups: the last snapshot and its age, the repository's size, running jobs and recent restores."
      actions={
        <Button component={Link} to="/questions" variant="light">
          Open the question bank
        </Button>
      }
    />
  );
}
