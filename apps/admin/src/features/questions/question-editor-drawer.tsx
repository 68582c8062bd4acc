/**
 * The editor at /questions/:questionId, in a drawer over the list it was opened from, with the
 * question's history (its versions in backups) on a second tab. The form stays mounted while
 * the history is shown, so unsaved edits survive a look at it.
 */
import { useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Modal,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconHistory, IconPencil, IconQuestionMark } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { LoadError } from "../../components/load-error";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import { pluralWord } from "../../lib/plural";
import { QuestionAudio } from "./question-audio";
import { QuestionForm } from "./question-form";
import { QuestionHistory } from "./question-history";

export const QuestionEditorQuery = graphql(`
  query QuestionEditor($id: ID!) {
    question(id: $id) {
      id
      ...QuestionEditorFields
    }
    sections {
      id
      name
    }
  }
`);

graphql(`
  fragment QuestionEditorFields on Question {
    id
    type
    prompt
    explanation
    difficulty
    tags
    audioPath
    audio {
      url
      bytes
      durationMs
    }
    position
    version
    updatedAt
    answers {
      id
      text
      isCorrect
      position
    }
    section {
      id
      name
    }
  }
`);

export function QuestionEditorDrawer() {
  const { questionId = "" } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [dirty, setDirty] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [tab, setTab] = useState<string | null>("question");
  const close = () => navigate(`/questions${location.search}`);
  /** Closing with unsaved changes asks first; Escape and a click outside come here too. */
  const requestClose = () => (dirty ? setConfirming(true) : close());
  const { data, error, loading, refetch } = useQuery(QuestionEditorQuery, { variables: { id: questionId } });
  const question = data?.question;
  const sectionNames = useMemo(
    () => new Map((data?.sections ?? []).map((section) => [section.id, section.name])),
    [data?.sections],
  );

  return (
    <Drawer
      opened
      onClose={requestClose}
      position="right"
      size="xl"
      padding="lg"
      title={
        <Group gap="sm">
          <Text fw={650} size="lg">
            {question ? `Question in ${question.section.name}` : "Question"}
          </Text>
          {question && (
            <Tooltip
              label={`Saved ${pluralWord(question.version, { one: "once", other: `${question.version} times` })}`}
            >
              <Badge variant="light" color="gray" radius="sm" tt="none">
                Saved <RelativeTime iso={question.updatedAt} />
              </Badge>
            </Tooltip>
          )}
        </Group>
      }
      closeButtonProps={{ "aria-label": "Close the editor" }}
    >
      {question && data ? (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List mb="md">
            <Tabs.Tab value="question" leftSection={<IconPencil size={14} />}>
              Question
            </Tabs.Tab>
            <Tabs.Tab value="history" leftSection={<IconHistory size={14} />}>
              History
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="question">
            <QuestionAudio question={question} dirty={dirty} onChanged={() => void refetch()} />
            <QuestionForm
              key={`${question.id}@${question.version}`}
              question={question}
              sections={data.sections}
              onClose={requestClose}
              onDirtyChange={setDirty}
            />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            {tab === "history" && (
              <QuestionHistory question={question} sectionNames={sectionNames} dirty={dirty} />
            )}
          </Tabs.Panel>
        </Tabs>
      ) : error ? (
        <LoadError title="Cannot load this question" error={error} onRetry={() => void refetch()} />
      ) : loading ? (
        <Stack gap="md" aria-busy>
          <Skeleton height={36} />
          <Skeleton height={96} />
          <Skeleton height={160} />
          <Skeleton height={72} />
        </Stack>
      ) : (
        <Alert color="gray" icon={<IconQuestionMark />} title="No such question">
          There is no question with this id; it may have been deleted.
        </Alert>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Discard your changes?"
        centered
        size="sm"
      >
        <Text size="sm">This question has changes that are not saved. Closing the editor loses them.</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
            Keep editing
          </Button>
          <Button color="red" onClick={close}>
            Discard changes
          </Button>
        </Group>
      </Modal>
    </Drawer>
  );
}
