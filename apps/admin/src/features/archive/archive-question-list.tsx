/**
 * The questions of the open archive, read by the worker: all sections or one, searched by text
 * (prompt, explanation, tags, answers, as core's browse does for backups), 25 at a time with
 * "Load more". A click reads that question's record and shows it as stored. Answers about an
 * earlier search or section are dropped.
 */
import { Alert, Loader, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import { ListFooter } from "../../components/list-footer";
import { StoredQuestionList } from "../../components/stored-question-list";
import { formatCount } from "../../lib/format";
import { ArchiveFailureAlert } from "./archive-failure-alert";
import type { ArchiveFailure, OpenedArchive, QuestionPage, QuestionRow } from "./archive-protocol";
import { ArchiveQuestionDrawer } from "./archive-question-drawer";
import { type ArchiveFile, failureOf } from "./use-archive-file";

const PAGE_SIZE = 25;
/** What core's browse accepts. */
const SEARCH_LIMIT = 200;

export interface ArchiveQuestionListProps {
  browse: ArchiveFile["browse"];
  readQuestion: ArchiveFile["readQuestion"];
  sections: OpenedArchive["sections"];
  sectionId: string | null;
  onSelectSection(sectionId: string | null): void;
}

/** Memoized: the page re-renders on each report of the check's progress, which this does not show. */
export const ArchiveQuestionList = memo(function ArchiveQuestionList({
  browse,
  readQuestion,
  sections,
  sectionId,
  onSelectSection,
}: ArchiveQuestionListProps) {
  const [typed, setTyped] = useState("");
  const [search] = useDebouncedValue(typed.trim(), 300);
  /** The page on show, with the search it answers. */
  const [page, setPage] = useState<(QuestionPage & { search: string }) | null>(null);
  const [loading, setLoading] = useState<"first" | "more" | null>("first");
  const [failure, setFailure] = useState<ArchiveFailure | null>(null);
  const [open, setOpen] = useState<QuestionRow | null>(null);
  const latest = useRef(0);

  const load = useCallback(
    async (after: string | null) => {
      const ticket = ++latest.current;
      setLoading(after ? "more" : "first");
      setFailure(null);
      try {
        const next = await browse({
          sectionId,
          search: search || null,
          first: PAGE_SIZE,
          after,
        });
        if (ticket !== latest.current) return;
        setPage((previous) =>
          after && previous
            ? { ...next, search, rows: [...previous.rows, ...next.rows] }
            : { ...next, search },
        );
      } catch (error) {
        if (ticket === latest.current) setFailure(failureOf(error));
      } finally {
        if (ticket === latest.current) setLoading(null);
      }
    },
    [browse, sectionId, search],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const stale = loading === "first" && page !== null;
  return (
    <StoredQuestionList
      holder="file"
      sections={sections}
      sectionId={sectionId}
      onSelectSection={onSelectSection}
      typed={typed}
      onType={setTyped}
      searchMaxLength={SEARCH_LIMIT}
      search={search}
      rows={page?.rows ?? null}
      stale={stale}
      failure={
        failure && (
          <ArchiveFailureAlert
            failure={failure}
            action={{ label: "Try again", onClick: () => void load(null) }}
          />
        )
      }
      footer={
        page && (
          <>
            <ListFooter
              shown={page.rows.length}
              total={page.totalCount}
              hasMore={page.hasNextPage}
              loading={loading === "more"}
              onLoadMore={() => void load(page.endCursor)}
            />
            {failure && (
              <Alert color="red" variant="light">
                {failure.message}
              </Alert>
            )}
          </>
        )
      }
      titleAside={
        <>
          {page && !stale && (
            <Text size="sm" c="dimmed" data-search={page.search}>
              {formatCount(page.totalCount)}
              {page.search ? " matching" : ""}
            </Text>
          )}
          {loading === "first" && <Loader size="xs" aria-label="Reading questions" />}
        </>
      }
      onOpen={setOpen}
    >
      <ArchiveQuestionDrawer
        readQuestion={readQuestion}
        row={open}
        sections={sections}
        onClose={() => setOpen(null)}
      />
    </StoredQuestionList>
  );
});
