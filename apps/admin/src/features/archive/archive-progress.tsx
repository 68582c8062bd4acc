/**
 * Progress of the worker's long steps: the whole file's checksum while opening (bytes) and the
 * check of every record once open (records), as a labelled bar.
 */
import { Progress as Bar, Group, Stack, Text } from "@mantine/core";
import type { Progress } from "@qvault/core/web";
import { formatBytes, formatCount } from "../../lib/format";

const PHASES: Record<string, { label: string; unit: "bytes" | "records" }> = {
  verifying: { label: "Checking the file's checksum", unit: "bytes" },
  checking: { label: "Checking every record", unit: "records" },
};

export interface ArchiveProgressProps {
  /** Null before the first report. */
  progress: Progress | null;
  /** What the bar says before the first report, and after the last one of a phase. */
  fallback: string;
}

export function ArchiveProgress({ progress: reported, fallback }: ArchiveProgressProps) {
  // A phase that is through leaves work without reports (deriving a key, reading the index).
  const progress = reported && reported.total !== null && reported.done >= reported.total ? null : reported;
  const phase = progress ? PHASES[progress.phase] : undefined;
  const label = phase?.label ?? fallback;
  const total = progress?.total ?? null;
  const percent = progress && total ? Math.min(100, (progress.done / total) * 100) : null;
  const amount =
    progress && total
      ? phase?.unit === "bytes"
        ? `${formatBytes(progress.done)} of ${formatBytes(total)}`
        : `${formatCount(progress.done)} of ${formatCount(total)}`
      : null;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">{label}…</Text>
        {amount && (
          <Text size="sm" c="dimmed">
            {amount}
          </Text>
        )}
      </Group>
      <Bar
        value={percent ?? 100}
        animated={percent === null}
        striped={percent === null}
        aria-label={label}
        aria-valuetext={amount ?? label}
        transitionDuration={100}
      />
    </Stack>
  );
}
