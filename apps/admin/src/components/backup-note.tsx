/**
 * A backup's note as the admin shows it: the backups it names by id (a safety backup's generated
 * "before restoring 01a24c…") said as "the backup of <time>", the note as written in its tooltip
 * (`title`). Times come from the backups the page already has (`times`) and, for the ids it does
 * not know, from `backup(id)`; an id whose backup is gone, or cannot be asked for, stays an id.
 */
import { useApolloClient } from "@apollo/client/react";
import { Text, type TextProps } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { graphql } from "../gql";
import { backupIdsIn, backupIdsInWords } from "../lib/job-message";

const NamedBackupQuery = graphql(`
  query NamedBackup($id: ID!) {
    backup(id: $id) {
      id
      createdAt
    }
  }
`);

const NONE: ReadonlyMap<string, string> = new Map();

/** The times (id → ISO time) of the backups `text` names that `known` lacks, as the API has them. */
function useNamedBackupTimes(text: string, known: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const client = useApolloClient();
  const missing = useMemo(() => backupIdsIn(text).filter((id) => !known.has(id)), [text, known]);
  const key = missing.join(" ");
  const [fetched, setFetched] = useState<ReadonlyMap<string, string>>(NONE);
  useEffect(() => {
    if (!key) return;
    let current = true;
    void Promise.all(
      key.split(" ").map((id) =>
        client.query({ query: NamedBackupQuery, variables: { id } }).then(
          ({ data }) => (data?.backup ? ([id, data.backup.createdAt] as const) : null),
          // Only words are lost: the note keeps the id.
          () => null,
        ),
      ),
    ).then((entries) => {
      if (current) setFetched(new Map(entries.filter((entry) => entry !== null)));
    });
    return () => {
      current = false;
    };
  }, [client, key]);
  return useMemo(() => (fetched.size ? new Map([...fetched, ...known]) : known), [fetched, known]);
}

export interface BackupNoteProps extends Omit<TextProps, "children"> {
  note: string;
  /** Times of backups the page has already (id → ISO time), asked for no more. */
  times?: ReadonlyMap<string, string>;
}

/** Inline: the note's words, with the note as written on hover. */
export function BackupNote({ note, times = NONE, ...textProps }: BackupNoteProps) {
  const known = useNamedBackupTimes(note, times);
  return (
    <Text component="span" inherit title={note} data-note {...textProps}>
      {backupIdsInWords(note, known)}
    </Text>
  );
}
