/**
 * Jobs: every backup, restore, verification and cleanup with its live state, filtered by kind
 * and status (kept in the URL as `?kind=` and `?status=`). OPERATOR and ADMIN keys may verify
 * the repository (its structure, or also every record's data) and cancel unfinished jobs.
 */
import { useMutation } from "@apollo/client/react";
import { Button, Group, Select, Stack, Text, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconCircleCheck,
  IconFilter,
  IconProgress,
  IconShieldCheck,
  IconShieldSearch,
  IconShieldX,
} from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { JOB_STATUS_OPTIONS } from "../../components/job-status-badge";
import { graphql } from "../../gql";
import type { JobKind, JobRowFragment, JobStatus } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { JOB_KIND_OPTIONS, JOB_KINDS } from "../../lib/job-kinds";
import { useSession } from "../../lib/session";
import { type JobFilter, JobList, placeJob } from "./job-list";
import { WatchedJob } from "./watched-job";

const VerifyRepositoryMutation = graphql(`
  mutation VerifyRepository($readData: Boolean!) {
    verifyRepository(readData: $readData) {
      id
      ...JobRow
    }
  }
`);

const STATUSES = new Set<string>(JOB_STATUS_OPTIONS.map((option) => option.value));

export function JobsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get("kind");
  const statusParam = params.get("status");
  const kind = kindParam && kindParam in JOB_KINDS ? (kindParam as JobKind) : null;
  const status = statusParam && STATUSES.has(statusParam) ? (statusParam as JobStatus) : null;
  // Always both keys, null when unset: the list's cache entries are keyed by these values.
  const filter = useMemo<JobFilter>(() => ({ kind, status }), [kind, status]);
  /** Verifications started from this page: followed to their end, then announced. */
  const [watching, setWatching] = useState<string[]>([]);
  const [verify] = useMutation(VerifyRepositoryMutation);
  /** Which button's verification is being started: structure only (false) or with data (true). */
  const [starting, setStarting] = useState<boolean | null>(null);

  const setParam = (name: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  const startVerify = async (readData: boolean) => {
    setStarting(readData);
    try {
      const { data } = await verify({
        variables: { readData },
        update: (cache, result) => {
          if (result.data) placeJob(cache, filter, result.data.verifyRepository);
        },
      });
      if (data) setWatching((ids) => [...ids, data.verifyRepository.id]);
    } catch (error) {
      notifications.show({
        color: "red",
        title: "The verification did not start",
        message: errorMessage(error),
      });
    } finally {
      setStarting(null);
    }
  };

  const announce = (job: JobRowFragment) => {
    setWatching((ids) => ids.filter((id) => id !== job.id));
    if (job.status === "SUCCEEDED") {
      notifications.show({
        color: "green",
        icon: <IconCircleCheck size={18} />,
        title: "The repository is intact",
        message: job.message ?? "The verification found no problems.",
      });
    } else if (job.error?.code === "INTEGRITY_ERROR") {
      notifications.show({
        color: "red",
        icon: <IconShieldX size={18} />,
        title: "The verification found problems",
        message: "Open its results to see which backups and sections they affect.",
      });
    } else {
      notifications.show({
        color: job.status === "CANCELLED" ? "gray" : "red",
        title: job.status === "CANCELLED" ? "Verification cancelled" : "The verification failed",
        message: <Text lineClamp={3}>{job.error?.message ?? job.message ?? job.status}</Text>,
      });
    }
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>Jobs</Title>
          <Text c="dimmed" size="sm">
            Backups, restores and verifications, newest first, with their progress as it happens.
          </Text>
        </div>
        {session.canOperate && (
          <Group gap="sm">
            <Tooltip label="Checks that every file a backup needs is there and whole" multiline maw={260}>
              <Button
                variant="default"
                leftSection={<IconShieldCheck size={18} />}
                loading={starting === false}
                onClick={() => void startVerify(false)}
              >
                Verify repository
              </Button>
            </Tooltip>
            <Tooltip
              label="Also reads, decompresses and re-hashes every record: slower, and proves the data itself"
              multiline
              maw={280}
            >
              <Button
                variant="default"
                leftSection={<IconShieldSearch size={18} />}
                loading={starting === true}
                onClick={() => void startVerify(true)}
              >
                Verify with data
              </Button>
            </Tooltip>
          </Group>
        )}
      </Group>
      <Group gap="sm" align="flex-end">
        <Select
          label="Kind"
          placeholder="All kinds"
          data={JOB_KIND_OPTIONS}
          value={kind}
          onChange={(value) => setParam("kind", value)}
          clearable
          leftSection={<IconFilter size={16} />}
          w={200}
        />
        <Select
          label="Status"
          placeholder="All statuses"
          data={JOB_STATUS_OPTIONS}
          value={status}
          onChange={(value) => setParam("status", value)}
          clearable
          leftSection={<IconProgress size={16} />}
          w={200}
        />
      </Group>
      <JobList filter={filter} onClearFilters={() => setParams(new URLSearchParams())} />
      {watching.map((id) => (
        <WatchedJob key={id} jobId={id} filter={filter} onFinished={announce} />
      ))}
    </Stack>
  );
}
