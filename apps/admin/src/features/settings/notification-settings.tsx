/**
 * Notifications: where alerts go (a signed webhook, email, a ping URL), a "Send a test" button for
 * each channel saved, and the last deliveries with their outcome. ADMIN keys only (a webhook's
 * URL may be a secret in itself). Secrets are never shown: the webhook's secret reads as set or not, the mail server's
 * password as ****.
 */
import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Fieldset,
  Group,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { LoadError } from "../../components/load-error";
import { RelativeTime } from "../../components/relative-time";
import { ReadOnlyAlert } from "../../components/save-bar";
import { graphql } from "../../gql";
import type { NotificationChannel, NotificationSettingsPageQuery } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { useSession } from "../../lib/session";
import { SettingsSection } from "./settings-section";

graphql(`
  fragment NotificationSettingsFields on NotificationSettings {
    webhookUrl
    webhookSecretSet
    smtpUrl
    emailFrom
    emailTo
    pingUrl
  }
`);

const NotificationsQuery = graphql(`
  query NotificationSettingsPage {
    notificationSettings {
      ...NotificationSettingsFields
    }
    notificationDeliveries(first: 10) {
      id
      at
      channel
      event
      check
      status
      message
      ok
      attempts
      error
    }
  }
`);

const SaveNotificationsMutation = graphql(`
  mutation SaveNotificationSettings($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      ...NotificationSettingsFields
    }
  }
`);

const SendTestMutation = graphql(`
  mutation SendTestNotification($channel: NotificationChannel!) {
    sendTestNotification(channel: $channel) {
      id
      ok
      attempts
      error
    }
  }
`);

interface Values {
  webhookUrl: string;
  /** A new secret; empty keeps the one saved. */
  webhookSecret: string;
  smtpUrl: string;
  emailFrom: string;
  emailTo: string[];
  pingUrl: string;
}

const FIELDS = new Set(["webhookUrl", "webhookSecret", "smtpUrl", "emailFrom", "emailTo", "pingUrl"]);
const CHANNELS: { channel: NotificationChannel; label: string; saved: (v: Values) => boolean }[] = [
  { channel: "WEBHOOK", label: "webhook", saved: (v) => v.webhookUrl !== "" },
  { channel: "EMAIL", label: "email", saved: (v) => v.smtpUrl !== "" },
  { channel: "PING", label: "ping", saved: (v) => v.pingUrl !== "" },
];

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

export function NotificationSettings() {
  const session = useSession();
  const { data, error, refetch } = useQuery(NotificationsQuery, {
    fetchPolicy: "cache-and-network",
    skip: !session.canChangeSettings,
  });
  // Where notifications go is an admin's to read (a webhook's URL may be a secret in itself).
  if (!session.canChangeSettings) return null;
  return (
    <SettingsSection
      title="Notifications"
      description="Who is told when a health check leaves OK or comes back: once per change, by a signed webhook (HMAC-SHA256 in X-Qvault-Signature), email, or a ping URL hit after each backup."
    >
      {data ? (
        <NotificationForm
          settings={data.notificationSettings}
          deliveries={data.notificationDeliveries}
          onChanged={() => void refetch()}
        />
      ) : error ? (
        <LoadError title="Cannot load the notifications" error={error} onRetry={() => void refetch()} />
      ) : (
        <Skeleton height={200} radius="md" aria-busy aria-label="Loading the notifications" />
      )}
    </SettingsSection>
  );
}

type Loaded = NotificationSettingsPageQuery;

function NotificationForm({
  settings,
  deliveries,
  onChanged,
}: {
  settings: Loaded["notificationSettings"];
  deliveries: Loaded["notificationDeliveries"];
  onChanged: () => void;
}) {
  const session = useSession();
  const readOnly = !session.canChangeSettings;
  const saved: Values = {
    webhookUrl: settings.webhookUrl ?? "",
    webhookSecret: "",
    smtpUrl: settings.smtpUrl ?? "",
    emailFrom: settings.emailFrom ?? "",
    emailTo: settings.emailTo,
    pingUrl: settings.pingUrl ?? "",
  };
  const form = useForm<Values>({ initialValues: saved });
  const [save, { loading: saving }] = useMutation(SaveNotificationsMutation);
  const [sendTest] = useMutation(SendTestMutation);
  const [testing, setTesting] = useState<NotificationChannel | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await save({
        variables: {
          input: {
            webhookUrl: orNull(values.webhookUrl),
            ...(values.webhookSecret ? { webhookSecret: values.webhookSecret } : {}),
            smtpUrl: orNull(values.smtpUrl),
            emailFrom: orNull(values.emailFrom),
            emailTo: values.emailTo,
            pingUrl: orNull(values.pingUrl),
          },
        },
      });
      form.resetDirty({ ...values, webhookSecret: "" });
      form.setFieldValue("webhookSecret", "");
      notifications.show({
        color: "green",
        icon: <IconCheck size={18} />,
        title: "Notifications saved",
        message: "They apply from now on.",
      });
      onChanged();
    } catch (failure) {
      const issues = fieldIssues(failure);
      const errors: Record<string, string> = {};
      for (const issue of issues) {
        const field = issue.field.split(".")[0] ?? "";
        if (FIELDS.has(field)) errors[field] = issue.message;
      }
      form.setErrors(errors);
      setProblem(Object.keys(errors).length ? "Not saved: fix the marked fields." : errorMessage(failure));
    }
  });

  const test = async (channel: NotificationChannel, label: string) => {
    setTesting(channel);
    try {
      const { data } = await sendTest({ variables: { channel } });
      const delivery = data?.sendTestNotification;
      notifications.show(
        delivery?.ok
          ? {
              color: "green",
              title: `The ${label} works`,
              message: `Delivered in ${delivery.attempts} attempt(s).`,
            }
          : { color: "red", title: `The ${label} failed`, message: delivery?.error ?? "No answer" },
      );
    } catch (failure) {
      notifications.show({
        color: "red",
        title: `No test through the ${label}`,
        message: errorMessage(failure),
      });
    } finally {
      setTesting(null);
      onChanged();
    }
  };

  return (
    <Stack gap="md">
      {readOnly && <ReadOnlyAlert role={session.role} what="the notifications" />}
      <form onSubmit={submit} noValidate aria-label="Notification settings">
        <Fieldset variant="unstyled" disabled={readOnly}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label="Webhook URL"
                description="POSTed a JSON body for each alert. Empty: no webhook."
                placeholder="https://hooks.example.com/qvault"
                {...form.getInputProps("webhookUrl")}
              />
              <PasswordInput
                label="Webhook secret"
                description={
                  settings.webhookSecretSet
                    ? "Set. Type a new one to replace it (at least 16 characters)."
                    : "Signs each body; at least 16 characters."
                }
                placeholder={settings.webhookSecretSet ? "•••••••• (set)" : "Not set"}
                autoComplete="new-password"
                {...form.getInputProps("webhookSecret")}
              />
              <TextInput
                label="Mail server"
                description="smtp:// or smtps:// URL with its login. Empty: no email."
                placeholder="smtps://user:password@mail.example.com:465"
                {...form.getInputProps("smtpUrl")}
              />
              <TextInput label="From" placeholder="qvault@example.com" {...form.getInputProps("emailFrom")} />
              <TagsInput
                label="To"
                description="Press Enter after each address."
                placeholder="ops@example.com"
                {...form.getInputProps("emailTo")}
              />
              <TextInput
                label="Ping URL"
                description="healthchecks.io style: hit after each successful backup, <url>/fail after a failed one."
                placeholder="https://hc-ping.com/your-uuid"
                {...form.getInputProps("pingUrl")}
              />
            </SimpleGrid>
            {problem && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
                {problem}
              </Alert>
            )}
            {!readOnly && (
              <Group gap="sm">
                <Button type="submit" loading={saving} disabled={!form.isDirty()}>
                  Save notifications
                </Button>
                {CHANNELS.map(({ channel, label, saved: isSaved }) => (
                  <Button
                    key={channel}
                    variant="default"
                    leftSection={<IconSend size={16} />}
                    disabled={!isSaved(saved) || form.isDirty()}
                    loading={testing === channel}
                    onClick={() => void test(channel, label)}
                  >
                    Send a test {label}
                  </Button>
                ))}
              </Group>
            )}
          </Stack>
        </Fieldset>
      </form>
      <Deliveries deliveries={deliveries} />
    </Stack>
  );
}

function Deliveries({ deliveries }: { deliveries: Loaded["notificationDeliveries"] }) {
  if (deliveries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing sent yet.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="xs" aria-label="Notifications sent">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Channel</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((delivery) => (
            <Table.Tr key={`${delivery.id}-${delivery.channel}`}>
              <Table.Td>
                <RelativeTime iso={delivery.at} size="sm" />
              </Table.Td>
              <Table.Td>{delivery.channel.toLowerCase()}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {delivery.message}
                </Text>
              </Table.Td>
              <Table.Td>
                {delivery.ok ? (
                  <Badge color="green" variant="light">
                    sent
                  </Badge>
                ) : (
                  <Badge color="red" variant="light" title={delivery.error ?? undefined}>
                    failed after {delivery.attempts}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
