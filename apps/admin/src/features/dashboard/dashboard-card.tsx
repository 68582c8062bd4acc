/**
 * The pieces the dashboard is built of: a card with a title, and a figure (a label over a
 * value) that tests and assistive technology find by its label. A figure's `value` attribute
 * carries the raw number, so what is asserted does not depend on the locale's formatting.
 */
import { Box, Group, Paper, Text, Title, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";

export interface DashboardCardProps {
  title: string;
  icon: ReactNode;
  /** Beside the title, on the right: a badge, a link. */
  aside?: ReactNode;
  children: ReactNode;
}

export function DashboardCard({ title, icon, aside, children }: DashboardCardProps) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" wrap="nowrap" mb="xs" gap="xs">
        <Group gap={6} wrap="nowrap" c="dimmed">
          {icon}
          <Title order={3} size="h6" c="dimmed" tt="uppercase" fw={650}>
            {title}
          </Title>
        </Group>
        {aside}
      </Group>
      {children}
    </Paper>
  );
}

export interface FigureProps {
  label: string;
  /** As people read it: "4.1 MB", "3 minutes ago". */
  children: ReactNode;
  /** The raw value, in `data-value`. */
  value?: string | number | null;
  /** What the figure means, on hover. */
  hint?: string;
  size?: "md" | "lg" | "xl";
}

export function Figure({ label, children, value, hint, size = "lg" }: FigureProps) {
  return (
    <Box role="group" aria-label={label}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Tooltip label={hint} disabled={!hint} multiline maw={300} openDelay={300}>
        <Text
          size={size === "xl" ? "32px" : size}
          fw={650}
          lh={1.25}
          data-value={value ?? undefined}
          style={{ fontVariantNumeric: "tabular-nums", width: "fit-content" }}
        >
          {children}
        </Text>
      </Tooltip>
    </Box>
  );
}
