/**
 * What a job was asked to do: its input (`Job.input`, JSON) as a list of its fields in words
 * (a scope, a mode, how many questions, a link to the backup), with the JSON as the server
 * stored it one click away.
 */
import { Anchor, Code, DataList, Group, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { DetailItem } from "../../components/backup-overview";
import { CopyValue } from "../../components/copy-value";
import { BACKUP_SCOPES } from "../../lib/backup-labels";
import { countOf } from "../../lib/plural";

/** Words for an input's keys: `backupId` → "Backup", `readData` → "Read data". */
function inputLabel(key: string): string {
  const words = key
    .replace(/Ids?$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function inputValue(key: string, value: unknown): ReactNode {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value))
    return value.length === 0 ? "None" : countOf(value.length, inputLabel(key).toLowerCase());
  if (key === "backupId" && typeof value === "string")
    return (
      <Group gap={4} component="span">
        <Anchor component={Link} to={`/backups/${value}`} size="sm">
          Open the backup
        </Anchor>
        <CopyValue what="backup id" value={value} />
      </Group>
    );
  if (key === "scope" && typeof value === "string" && value in BACKUP_SCOPES)
    return BACKUP_SCOPES[value as keyof typeof BACKUP_SCOPES];
  if (typeof value === "string" && /^[A-Z][A-Z_]+$/.test(value))
    return value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");
  if (typeof value === "object") return <Code>{JSON.stringify(value)}</Code>;
  return String(value);
}

/** The job's input as a list of its fields, with the JSON as sent one click away. */
export function InputList({ input }: { input: unknown }) {
  const entries = input && typeof input === "object" && !Array.isArray(input) ? Object.entries(input) : [];
  return (
    <Stack gap="xs">
      {entries.length > 0 ? (
        <DataList withDivider labelWidth={140}>
          {entries.map(([key, value]) => (
            <DetailItem small key={key} label={inputLabel(key)}>
              {inputValue(key, value)}
            </DetailItem>
          ))}
        </DataList>
      ) : (
        <Text size="sm" c="dimmed">
          Nothing: this kind of job takes no input.
        </Text>
      )}
      <details>
        <summary>
          <Text span size="sm">
            As the server stored it
          </Text>
        </summary>
        <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {JSON.stringify(input, null, 2)}
        </Code>
      </details>
    </Stack>
  );
}
