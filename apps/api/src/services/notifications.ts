/**
 * Notifications: people told when something is wrong, and when it is right again.
 *
 * Channels (the settings, persisted in the bank; QVAULT_NOTIFY_WEBHOOK_URL and
 * QVAULT_NOTIFY_WEBHOOK_SECRET set the webhook until the settings say otherwise):
 * - a webhook: a JSON body POSTed, signed with HMAC-SHA256 over `<timestamp>.<body>` with the
 *   secret (`X-Qvault-Signature: sha256=<hex>`, `X-Qvault-Timestamp: <Unix seconds>`), so that a
 *   receiver checks it came from qvault and refuses an old one played again;
 * - email over SMTP (nodemailer), to a list of addresses;
 * - a ping URL in the style of healthchecks.io: GET `<url>` after a successful backup (at most once
 *   a minute), GET `<url>/fail` after a failed one.
 *
 * Events are the health's checks changing (./health.ts): a job failed, no backup within the
 * schedule, edits waiting too long, a verification or drill that found problems, the disk filling,
 * a copy falling behind, and so on. Each check that leaves OK gives one notification
 * (`alert.opened`), one that changes how bad it is another (`alert.changed`), and one that comes
 * back to OK a last one (`alert.resolved`). No storms: the state last notified is kept in the bank,
 * so a restart or another instance taking the lead sends nothing again; only the leading instance
 * notifies; and a check notifies at most {@link MAX_PER_HOUR} times an hour (a transition held back
 * goes out once the hour allows, if it still stands). Each delivery is tried again with growing
 * waits (p-retry), and the last {@link LOG_SIZE} deliveries are kept for the admin to read.
 */
import { createHmac, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { badInput, type JobState } from "@qvault/core";
import type { SettingsStore } from "@qvault/question-bank";
import nodemailer from "nodemailer";
import pRetry from "p-retry";
import { z } from "zod";
import type { HealthStatus, SystemHealth } from "./health.js";

export const NOTIFICATION_CHANNELS = ["WEBHOOK", "EMAIL", "PING"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_EVENTS = [
  "alert.opened",
  "alert.changed",
  "alert.resolved",
  "backup.succeeded",
  "backup.failed",
  "test",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Notifications one check may send in an hour. */
export const MAX_PER_HOUR = 6;
/** Deliveries kept in the log. */
export const LOG_SIZE = 100;
/** The least time between two pings of successful backups. */
const PING_EVERY_MS = 60_000;
const HOUR = 3_600_000;

const httpUrl = z
  .string()
  .trim()
  .refine(
    (value) => /^https?:\/\/[^/\s]+/i.test(value) && URL.canParse(value),
    "must be an http:// or https:// URL",
  );
const smtpUrl = z
  .string()
  .trim()
  .refine(
    (value) => /^smtps?:\/\/[^/\s]+/i.test(value) && URL.canParse(value),
    "must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.com:587",
  );

export const notificationSettingsSchema = z
  .object({
    webhookUrl: httpUrl.nullable(),
    webhookSecret: z
      .string()
      .min(16, "must be at least 16 characters")
      .max(200, "must be at most 200 characters")
      .nullable(),
    smtpUrl: smtpUrl.nullable(),
    emailFrom: z.email("must be an email address").nullable(),
    emailTo: z.array(z.email("must be an email address")).max(20, "must name at most 20 addresses"),
    pingUrl: httpUrl.nullable(),
  })
  .refine((s) => !s.webhookUrl || s.webhookSecret, {
    path: ["webhookSecret"],
    message: "is needed with a webhook: its notifications are signed with it",
  })
  .refine((s) => !s.smtpUrl || (s.emailFrom && s.emailTo.length > 0), {
    path: ["emailTo"],
    message: "must name at least one address, with emailFrom, to send email",
  });

export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const NO_NOTIFICATIONS: NotificationSettings = {
  webhookUrl: null,
  webhookSecret: null,
  smtpUrl: null,
  emailFrom: null,
  emailTo: [],
  pingUrl: null,
};

/** One attempt to tell someone, as the log keeps it. */
export interface Delivery {
  id: string;
  at: string;
  channel: NotificationChannel;
  event: NotificationEvent;
  /** The health check it is about (alerts). */
  check: string | null;
  status: HealthStatus | null;
  message: string;
  ok: boolean;
  attempts: number;
  error: string | null;
}

/** What a webhook receives. */
export interface WebhookBody {
  id: string;
  event: NotificationEvent;
  at: string;
  check: string | null;
  status: HealthStatus | null;
  previousStatus: HealthStatus | null;
  message: string;
  /** The health as a whole when it was sent. */
  health: HealthStatus | null;
  /** The instance that sent it. */
  host: string;
}

export interface Notifier {
  settings(): Promise<NotificationSettings>;
  /** Applies a change (omitted fields keep their value). @throws BAD_USER_INPUT naming the field. */
  update(change: Partial<NotificationSettings>): Promise<NotificationSettings>;
  /** The newest deliveries first. */
  deliveries(first: number): Promise<Delivery[]>;
  /** Sends a test notification through `channel` now, whoever leads. @throws BAD_USER_INPUT when it is not set up. */
  sendTest(channel: NotificationChannel): Promise<Delivery>;
  /** The health as it is now: its checks' changes are notified (by the leading instance). */
  healthChanged(health: SystemHealth): void;
  /** A job of this instance changed: backups ping. */
  jobUpdated(job: JobState): void;
  /** Resolves once what is being sent has been. */
  idle(): Promise<void>;
  /** Sends nothing more, gives up the deliveries still being tried, and waits for them. */
  stop(): Promise<void>;
}

export interface NotifierOptions {
  store: SettingsStore;
  /** The settings until any are saved (from the environment). */
  initial?: Partial<NotificationSettings>;
  /** Whether this instance sends alerts and pings now; always, without it. */
  leads?: () => boolean;
  log?: (line: string) => void;
  /** Tries after the first, and the first wait (doubling after each). */
  retry?: { retries: number; minTimeoutMs: number };
}

const SETTINGS_KEY = "notifications";
const STATE_KEY = "notificationState";
const LOG_KEY = "notificationLog";

/** What was last notified of each check, and when its notifications went. */
type AlertState = Record<string, { status: HealthStatus; sent: number[] }>;

export function createNotifier(options: NotifierOptions): Notifier {
  const { store } = options;
  const leads = options.leads ?? (() => true);
  const log = options.log ?? (() => {});
  const retry = options.retry ?? { retries: 4, minTimeoutMs: 1000 };
  /** Aborts the deliveries still being tried when the server stops. */
  const stopping = new AbortController();
  /** One evaluation or log write at a time, in order. */
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const sending = new Set<Promise<unknown>>();
  /** Keeps `work` until it ends; its failure is logged, never left unhandled. */
  const track = (work: Promise<unknown>) => {
    const settled = work.then(
      () => {},
      (failure) => log(`a notification failed: ${(failure as Error).message}`),
    );
    sending.add(settled);
    void settled.then(() => sending.delete(settled));
  };
  let lastHealth: SystemHealth | null = null;
  let lastPing = 0;
  let stopped = false;
  // Transitions held back by the hourly limit go out once it allows.
  const timer = setInterval(() => {
    if (lastHealth) notifier.healthChanged(lastHealth);
  }, 60_000);
  timer.unref();

  // Read from the bank each time: another instance may have changed them.
  const settings = async (): Promise<NotificationSettings> => ({
    ...NO_NOTIFICATIONS,
    ...options.initial,
    ...(await store.get<NotificationSettings>(SETTINGS_KEY)),
  });

  const record = (delivery: Delivery) =>
    inTurn(async () => {
      const kept = (await store.get<Delivery[]>(LOG_KEY)) ?? [];
      await store.put(LOG_KEY, [delivery, ...kept].slice(0, LOG_SIZE));
    });

  /** Sends through one channel, tried again on failure; the delivery is logged either way. */
  async function deliver(
    channel: NotificationChannel,
    body: WebhookBody,
    send: () => Promise<void>,
  ): Promise<Delivery> {
    let attempts = 0;
    let error: string | null = null;
    try {
      await pRetry(
        async () => {
          attempts++;
          await send();
        },
        {
          retries: retry.retries,
          minTimeout: retry.minTimeoutMs,
          factor: 2,
          randomize: true,
          signal: stopping.signal,
        },
      );
    } catch (failure) {
      error = (failure as Error).message;
      log(`notification through ${channel.toLowerCase()} failed after ${attempts} attempts: ${error}`);
    }
    const delivery: Delivery = {
      id: body.id,
      at: new Date().toISOString(),
      channel,
      event: body.event,
      check: body.check,
      status: body.status,
      message: body.message,
      ok: error === null,
      attempts,
      error,
    };
    await record(delivery).catch((failure) =>
      log(`a notification's delivery could not be logged: ${(failure as Error).message}`),
    );
    return delivery;
  }

  const webhook = (current: NotificationSettings, body: WebhookBody) => async () => {
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac("sha256", current.webhookSecret!)
      .update(`${timestamp}.${text}`)
      .digest("hex");
    const response = await fetch(current.webhookUrl!, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "qvault",
        "x-qvault-event": body.event,
        "x-qvault-timestamp": timestamp,
        "x-qvault-signature": `sha256=${signature}`,
      },
      body: text,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
  };

  const email = (current: NotificationSettings, body: WebhookBody) => async () => {
    const transport = nodemailer.createTransport(current.smtpUrl!);
    try {
      await transport.sendMail({
        from: current.emailFrom!,
        to: current.emailTo,
        subject: subjectOf(body),
        text: `${body.message}\n\n${body.check ? `Check: ${body.check}\nStatus: ${body.status}${body.previousStatus ? ` (was ${body.previousStatus})` : ""}\n` : ""}Health: ${body.health ?? "unknown"}\nAt: ${body.at}\nFrom: ${body.host}\n`,
      });
    } finally {
      transport.close();
    }
  };

  const ping = (url: string) => async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`the ping URL answered HTTP ${response.status}`);
  };

  /** Sends `body` through every channel set up for alerts (the webhook and email). */
  const broadcast = (current: NotificationSettings, body: WebhookBody) => {
    const work = Promise.all([
      current.webhookUrl ? deliver("WEBHOOK", body, webhook(current, body)) : null,
      current.smtpUrl ? deliver("EMAIL", { ...body, id: randomUUID() }, email(current, body)) : null,
    ]);
    track(work);
  };

  const notifier: Notifier = {
    settings,

    async update(change) {
      const current = await settings();
      const next = {
        ...current,
        ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
      } as NotificationSettings;
      // The URL as read back (its password hidden) keeps the password saved, for the same server
      // and user only: the saved password never goes to another server.
      if (next.smtpUrl && URL.canParse(next.smtpUrl)) {
        const url = new URL(next.smtpUrl);
        const saved = current.smtpUrl ? new URL(current.smtpUrl) : null;
        if (url.password === "****") {
          if (
            !saved ||
            saved.protocol !== url.protocol ||
            saved.host !== url.host ||
            saved.username !== url.username
          )
            throw badInput(
              "smtpUrl",
              "smtpUrl names another server or user: type its password instead of ****",
            );
          url.password = saved.password;
          next.smtpUrl = url.toString();
        }
      }
      const parsed = notificationSettingsSchema.safeParse(next);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join(".");
        throw badInput(field, `${field} ${issue.message}`);
      }
      await store.put(SETTINGS_KEY, parsed.data);
      return parsed.data;
    },

    async deliveries(first) {
      return ((await store.get<Delivery[]>(LOG_KEY)) ?? []).slice(0, first);
    },

    async sendTest(channel) {
      const current = await settings();
      const body = message(
        "test",
        null,
        null,
        null,
        "A test notification from qvault: this channel works.",
        lastHealth,
      );
      if (channel === "WEBHOOK") {
        if (!current.webhookUrl) throw badInput("channel", "No webhook is set up: set webhookUrl first");
        return deliver("WEBHOOK", body, webhook(current, body));
      }
      if (channel === "EMAIL") {
        if (!current.smtpUrl)
          throw badInput("channel", "No email is set up: set smtpUrl, emailFrom and emailTo first");
        return deliver("EMAIL", body, email(current, body));
      }
      if (!current.pingUrl) throw badInput("channel", "No ping URL is set up: set pingUrl first");
      return deliver("PING", body, ping(current.pingUrl));
    },

    healthChanged(health) {
      lastHealth = health;
      if (stopped || !leads()) return;
      void inTurn(async () => {
        const current = await settings();
        if (!current.webhookUrl && !current.smtpUrl) return;
        const state = (await store.get<AlertState>(STATE_KEY)) ?? {};
        const now = Date.now();
        const checks = new Map(health.checks.map((c) => [c.name, c]));
        const names = new Set([...checks.keys(), ...Object.keys(state)]);
        let changed = false;
        for (const name of names) {
          const check = checks.get(name);
          const status: HealthStatus = check?.status ?? "OK";
          const before = state[name] ?? { status: "OK" as HealthStatus, sent: [] };
          if (status === before.status) continue;
          const sent = before.sent.filter((at) => now - at < HOUR);
          if (sent.length >= MAX_PER_HOUR) continue;
          const event: NotificationEvent =
            before.status === "OK" ? "alert.opened" : status === "OK" ? "alert.resolved" : "alert.changed";
          const text =
            status === "OK"
              ? `Resolved: ${name} is OK again${check ? ` (${check.message})` : ""}`
              : `${name} is ${status}: ${check?.message ?? ""}`;
          broadcast(current, message(event, name, status, before.status, text, health));
          state[name] = { status, sent: [...sent, now] };
          changed = true;
        }
        if (changed) await store.put(STATE_KEY, state);
      }).catch((error) => log(`notifications could not be evaluated: ${(error as Error).message}`));
    },

    jobUpdated(job) {
      if (stopped || job.kind !== "BACKUP" || !leads()) return;
      if (job.status !== "SUCCEEDED" && job.status !== "FAILED") return;
      void (async () => {
        const current = await settings();
        if (!current.pingUrl) return;
        if (job.status === "SUCCEEDED") {
          if (Date.now() - lastPing < PING_EVERY_MS) return;
          lastPing = Date.now();
        }
        const failed = job.status === "FAILED";
        const body = message(
          failed ? "backup.failed" : "backup.succeeded",
          null,
          null,
          null,
          failed ? `Backup ${job.id} failed: ${job.error?.message ?? ""}` : `Backup ${job.id} succeeded`,
          lastHealth,
        );
        const url = failed ? `${current.pingUrl.replace(/\/+$/, "")}/fail` : current.pingUrl;
        track(deliver("PING", body, ping(url)));
      })().catch((error) => log(`ping could not be sent: ${(error as Error).message}`));
    },

    async idle() {
      await queue;
      while (sending.size) await Promise.all([...sending]);
      await queue;
    },

    async stop() {
      stopped = true;
      clearInterval(timer);
      stopping.abort();
      await notifier.idle();
    },
  };
  return notifier;
}

function message(
  event: NotificationEvent,
  check: string | null,
  status: HealthStatus | null,
  previousStatus: HealthStatus | null,
  text: string,
  health: SystemHealth | null,
): WebhookBody {
  return {
    id: randomUUID(),
    event,
    at: new Date().toISOString(),
    check,
    status,
    previousStatus,
    message: text,
    health: health?.status ?? null,
    host: hostname(),
  };
}

function subjectOf(body: WebhookBody): string {
  if (body.event === "test") return "[qvault] test notification";
  if (body.event === "alert.resolved") return `[qvault] resolved: ${body.check}`;
  if (body.check) return `[qvault] ${body.status}: ${body.check}`;
  return `[qvault] ${body.event}`;
}

/** The settings with their secrets hidden: the webhook's secret, the SMTP URL's password. */
export function redacted(settings: NotificationSettings) {
  let smtp = settings.smtpUrl;
  if (smtp) {
    const url = new URL(smtp);
    if (url.password) url.password = "****";
    smtp = url.toString();
  }
  return {
    ...settings,
    webhookSecret: null,
    webhookSecretSet: settings.webhookSecret !== null,
    smtpUrl: smtp,
  };
}
