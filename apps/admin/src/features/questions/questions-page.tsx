/**
 * The question bank: sections on the side, the questions of the selected one (searchable,
 * paged) beside them, and the editor drawer at /questions/:questionId. The section and the
 * search live in the URL (`?section=…&q=…`), so a reload or a shared link shows the same list.
 */
import { Box, CloseButton, Flex, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { Outlet, useSearchParams } from "react-router";
import { useUrlSearch } from "../../lib/use-url-search";
import { QuestionList } from "./question-list";
import { SectionList, SectionSelect } from "./section-list";

const SEARCH_DEBOUNCE_MS = 300;

export function QuestionsPage() {
  const [params, setParams] = useSearchParams();
  const sectionId = params.get("section");
  const { typed, setTyped, search } = useUrlSearch(SEARCH_DEBOUNCE_MS);

  const selectSection = (id: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set("section", id);
      else next.delete("section");
      return next;
    });

  const clearSearch = () => setTyped("");
  const linkSearch = params.toString() ? `?${params.toString()}` : "";

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>Questions</Title>
          <Text c="dimmed" size="sm">
            Browse the bank by section, search prompts and tags, and open a question to edit it.
          </Text>
        </div>
        <TextInput
          aria-label="Search questions"
          placeholder="Search prompts and tags"
          leftSection={<IconSearch size={16} />}
          rightSection={
            typed ? <CloseButton size="sm" aria-label="Clear search" onClick={clearSearch} /> : null
          }
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") clearSearch();
          }}
          w={{ base: "100%", sm: 340 }}
        />
      </Group>
      <Flex gap="lg" align="flex-start" direction={{ base: "column", md: "row" }}>
        <Box w={260} style={{ flexShrink: 0 }} visibleFrom="md">
          <SectionList selected={sectionId} onSelect={selectSection} />
        </Box>
        <Box w="100%" hiddenFrom="md">
          <SectionSelect selected={sectionId} onSelect={selectSection} />
        </Box>
        <Box w="100%" miw={0} style={{ flex: 1 }}>
          <QuestionList
            sectionId={sectionId}
            search={search}
            linkSearch={linkSearch}
            onClearSearch={clearSearch}
          />
        </Box>
      </Flex>
      <Outlet />
    </Stack>
  );
}
