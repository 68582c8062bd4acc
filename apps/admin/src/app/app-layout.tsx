/** The signed-in frame: header (product, key name and role, sign out), navbar, the page. */
import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArchive,
  IconBoxMultiple,
  IconFileSearch,
  IconGauge,
  IconKey,
  IconListCheck,
  IconLogout,
  IconMoon,
  IconNotes,
  IconSettings,
  IconSun,
} from "@tabler/icons-react";
import { Link, Outlet, useMatch } from "react-router";
import { ROLE_LABELS } from "../lib/roles";
import { useSession } from "../lib/session";

const NAV = [
  { to: "/", label: "Dashboard", icon: IconGauge, end: true },
  { to: "/questions", label: "Questions", icon: IconNotes, end: false },
  { to: "/backups", label: "Backups", icon: IconArchive, end: false },
  { to: "/archive", label: "Open a backup file", icon: IconFileSearch, end: false },
  { to: "/jobs", label: "Jobs", icon: IconListCheck, end: false },
  { to: "/settings", label: "Settings", icon: IconSettings, end: false },
  { to: "/keys", label: "API keys", icon: IconKey, end: false },
] as const;

export function AppLayout() {
  const session = useSession();
  const [navOpened, nav] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <IconBoxMultiple size={24} color="var(--mantine-color-blue-6)" aria-hidden />
            <Title order={1} size="h3" fw={700}>
              qvault
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group gap={6} wrap="nowrap" visibleFrom="xs" aria-label="Signed in as">
              <Text size="sm" fw={500} truncate maw={240} title={session.keyName}>
                {session.keyName}
              </Text>
              <Tooltip label={ROLE_LABELS[session.role].hint}>
                <Badge
                  color={ROLE_LABELS[session.role].color}
                  variant="light"
                  tt="none"
                  data-role={session.role}
                >
                  {ROLE_LABELS[session.role].label}
                </Badge>
              </Tooltip>
            </Group>
            <ColorSchemeToggle />
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconLogout size={16} />}
              onClick={session.signOut}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          {NAV.map((item) => (
            <NavItem key={item.to} item={item} onNavigate={nav.close} />
          ))}
        </ScrollArea>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--qvault-color-surface)">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** Light or dark, whichever the system does not use now; the choice is kept in this browser. */
function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const next = scheme === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={`Switch to ${next} mode`}
        onClick={() => setColorScheme(next)}
      >
        {scheme === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function NavItem({ item, onNavigate }: { item: (typeof NAV)[number]; onNavigate: () => void }) {
  const active = useMatch({ path: item.to, end: item.end }) !== null;
  return (
    <NavLink
      component={Link}
      to={item.to}
      active={active}
      aria-current={active ? "page" : undefined}
      label={item.label}
      leftSection={<item.icon size={18} stroke={1.6} />}
      onClick={onNavigate}
      style={{ borderRadius: "var(--mantine-radius-sm)" }}
    />
  );
}
