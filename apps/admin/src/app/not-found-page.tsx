import { Button } from "@mantine/core";
import { IconMapOff } from "@tabler/icons-react";
import { Link } from "react-router";
import { PlaceholderPage } from "../components/placeholder-page";

export function NotFoundPage() {
  return (
    <PlaceholderPage
      title="Page not found"
      icon={<IconMapOff />}
      coming="There is no page at this address."
      actions={
        <Button component={Link} to="/" variant="light">
          Go to the dashboard
        </Button>
      }
    />
  );
}
