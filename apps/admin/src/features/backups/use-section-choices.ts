/** The bank's sections as choices for the backups' filter and for "Back up now". */
import { useQuery } from "@apollo/client/react";
import { useMemo } from "react";
import { graphql } from "../../gql";
import { formatCount } from "../../lib/format";

const BackupSectionChoicesQuery = graphql(`
  query BackupSectionChoices {
    sections {
      id
      name
      questionCount
    }
  }
`);

export interface SectionChoice {
  value: string;
  label: string;
}

/** `{ value: id, label: "Grammar (1,000)" }` per section, in the bank's order. */
export function useSectionChoices(): { choices: SectionChoice[]; loading: boolean } {
  const { data, loading } = useQuery(BackupSectionChoicesQuery);
  const choices = useMemo(
    () =>
      (data?.sections ?? []).map((section) => ({
        value: section.id,
        label: `${section.name} (${formatCount(section.questionCount)})`,
      })),
    [data],
  );
  return { choices, loading };
}
