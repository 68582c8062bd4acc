/**
 * The qvault server: one HTTP port serving `/graphql` (HTTP and WebSocket), `/healthz`,
 * `/readyz`, `/metrics` (Prometheus) and the built admin SPA, its pages' paths answered with its
 * index.html; any other path is 404 (with the admin's page for a browser, which says so).
 */
import { timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { type JobState, newId, nodeCodec, plural, Repository } from "@qvault/core";
import {
  type ApiKeys,
  type BankDatabase,
  bankLocation,
  createApiKeys,
  createJobStore,
  createQuestionBank,
  createSettingsStore,
  type Instance,
  joinInstances,
  openBankDatabase,
  type PersistedJobs,
  recoverMedia,
  seedDemoBank,
} from "@qvault/question-bank";
import { createJobThread, createVault } from "@qvault/vault";
import { type Config, repositoryStorage } from "@qvault/vault/config";
import express, { type ErrorRequestHandler } from "express";
import { type ExecutionArgs, getOperationAST } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Context, Services } from "./graphql/context.js";
import { formatError, logInternal } from "./graphql/errors.js";
import { createQvaultPubSub } from "./graphql/pubsub.js";
import { buildQvaultSchema } from "./graphql/schema.js";
import { authorize, sendError } from "./http/archive-requests.js";
import { createArchiveRoutes } from "./http/archive-routes.js";
import { requireKey } from "./http/auth.js";
import { limitRules, noSubscriptionOverHttp, parseOptions, REQUEST_LIMITS } from "./http/limits.js";
import { createMediaRoutes } from "./http/media-routes.js";
import { formatErrors, formatResult, operationOf, sharedSubscribe } from "./http/ws-operations.js";
import { createLogger, type Logger, requestLogger } from "./logger.js";
import { startAutoBackup } from "./services/auto-backup.js";
import { createBackupSettings } from "./services/backup-settings.js";
import { systemHealth, watchHealth } from "./services/health.js";
import { createMetrics } from "./services/metrics.js";
import { createNotifier } from "./services/notifications.js";
import { graphqlTraces, jobTraces } from "./services/traces.js";

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  port: number;
  /** Set when this start created the first admin key: its secret, to be shown once. */
  createdAdminSecret: string | null;
  /** Where the bank is: its SQLite file, or its PostgreSQL URL without the password. */
  database: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Where the server logs (./logger.ts). @default JSON lines on standard output at info */
  logger?: Logger;
}

/** The paths of the admin's pages (apps/admin/src/app/router.tsx), answered with its index.html. */
const ADMIN_PAGES = /^\/(|sign-in|questions|backups|restores|archive|jobs|settings|keys)(\/[^/]*)*\/?$/;

/** Compares secrets in constant time. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The lock instances take in turn while they seed the bank and make the first admin key. */
const START_LOCK = 0x717673;
/** Signals between instances: settings changed, an API key revoked. */
const SETTINGS_SIGNAL = "settings";
const KEY_REVOKED_SIGNAL = "key_revoked";

function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Opens the database (migrating and seeding it), then listens on the configured port. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const log = (line: string) => logger.info(line);
  const db: BankDatabase = await openBankDatabase({
    ...bankLocation(config.database),
    mediaDir: config.mediaDir,
    mediaS3: config.s3,
  });
  try {
    const apiKeys: ApiKeys = createApiKeys(db);
    // Instances starting together: one seeds and makes the first key, the others find them made.
    const starting = await db.signals.hold(START_LOCK);
    // Files a restore was putting in place when the process was killed: settled by the bank.
    const recovered = await recoverMedia(db).catch(() => 0);
    if (recovered) log(`put back ${recovered} media file(s) a cut-off restore had replaced`);
    let created: Awaited<ReturnType<ApiKeys["bootstrap"]>>;
    try {
      if (config.seed && (await seedDemoBank(db, { questions: config.seedQuestions })))
        log(`seeded the demo bank (${config.seedQuestions} questions)`);
      created = await apiKeys.bootstrap(config.adminToken);
    } finally {
      await starting.release();
    }
    const repository = await Repository.openOrInit({
      storage: repositoryStorage(config),
      codec: nodeCodec,
      passphrase: config.passphrase ?? null,
      compressionQuality: config.compressionQuality,
    });
    const instanceId = newId(nodeCodec.randomBytes(4));
    const store = createJobStore(db, { instanceId });
    // Jobs of gone instances are marked INTERRUPTED now and at every heartbeat; the first ones
    // are only logged, the later ones also announced (once the server announces anything).
    let announceInterrupted = (jobs: JobState[]) => {
      log(`${plural(jobs.length, "job")} cut off when the server last stopped, now marked INTERRUPTED`);
    };
    const instance = await joinInstances(db, store, {
      id: instanceId,
      timeoutMs: config.instanceTimeoutMs,
      onInterrupted: (jobs) => announceInterrupted(jobs),
    });
    try {
      return await listen(
        config,
        db,
        apiKeys,
        repository,
        store,
        instance,
        created?.secret ?? null,
        logger,
        (announce) => {
          announceInterrupted = announce;
        },
      );
    } catch (error) {
      await instance.leave();
      throw error;
    }
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function listen(
  config: Config,
  db: BankDatabase,
  apiKeys: ApiKeys,
  repository: Repository,
  store: PersistedJobs,
  instance: Instance,
  createdAdminSecret: string | null,
  logger: Logger,
  onInterrupted: (announce: (jobs: JobState[]) => void) => void,
): Promise<RunningServer> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer: Server = createServer(app);
  const sockets = new Map<string, Set<WebSocket>>();
  const pubsub = createQvaultPubSub({ signals: db.signals, jobOf: (id) => store.get(id) });
  onInterrupted((jobs) => {
    for (const job of jobs) pubsub.publish("JOB_UPDATED", job);
  });
  const settings = createBackupSettings(
    createSettingsStore(db),
    {
      compressionQuality: config.compressionQuality,
      autoBackupEnabled: config.autoBackup,
      autoPruneEnabled: config.autoPrune,
      ...(config.copyTo ? { copyTo: config.copyTo } : {}),
    },
    () => void db.signals.send(SETTINGS_SIGNAL, null).catch(() => {}),
  );
  const closeSocketsOf = (keyId: string) => {
    for (const socket of sockets.get(keyId) ?? [])
      socket.close(CloseCode.Unauthorized, "UNAUTHENTICATED: the API key was revoked");
    sockets.delete(keyId);
  };
  const stopHearing = [
    db.signals.on(SETTINGS_SIGNAL, () => void settings.reload().catch(() => {})),
    db.signals.on(KEY_REVOKED_SIGNAL, (keyId) => {
      if (typeof keyId === "string") closeSocketsOf(keyId);
    }),
    // Back from a lost connection to the database, where signals may have been missed: the
    // settings are read again, and the jobs of other instances announced as they are stored now.
    db.signals.onResync(() => {
      void settings.reload().catch(() => {});
      void (async () => {
        const here = new Set(repo.jobs.pending().map((job) => job.id));
        for (const job of await store.unfinished()) if (!here.has(job.id)) pubsub.publish("JOB_UPDATED", job);
      })().catch(() => {});
    }),
  ];
  const thread = createJobThread(
    db,
    {
      database: config.database,
      mediaDir: config.mediaDir,
      repository: config.repository,
      s3: config.s3,
      passphrase: config.passphrase ?? null,
      copyPassphrase: config.copyPassphrase ?? config.passphrase ?? null,
      copyS3: config.copyS3,
      scratchDir: join(config.dataDir, "tmp"),
    },
    logger,
  );
  const traceJob = jobTraces();
  // Set once the vault exists; job updates reach it from then on.
  let metrics: ReturnType<typeof createMetrics> | null = null;
  const notifier = createNotifier({
    store: createSettingsStore(db),
    initial: {
      ...(config.notifyWebhookUrl ? { webhookUrl: config.notifyWebhookUrl } : {}),
      ...(config.notifyWebhookSecret ? { webhookSecret: config.notifyWebhookSecret } : {}),
    },
    leads: () => instance.leads(),
    log: (line) => logger.warn(line),
  });
  const repo = createVault({
    db,
    repository,
    store,
    log: logger,
    events: {
      jobUpdated: (job) => {
        traceJob(job);
        metrics?.jobUpdated(job);
        notifier.jobUpdated(job);
        pubsub.publish("JOB_UPDATED", job);
      },
      backupCreated: (id) => pubsub.publish("BACKUP_CREATED", id),
    },
    thread,
    copy: async () => {
      const current = await settings.get();
      return { to: current.copyTo, afterBackup: current.copyAfterBackup };
    },
    autoPrune: async () => {
      const current = await settings.get();
      return { enabled: current.autoPruneEnabled, policy: current.retention };
    },
  });
  metrics = createMetrics(repo, settings);
  const counters = metrics;
  app.use(requestLogger(logger));
  app.use(counters.http);
  const services: Services = {
    db,
    settings,
    notifier,
    bank: createQuestionBank(db),
    apiKeys,
    pubsub,
    repo,
    disconnectKey(keyId) {
      closeSocketsOf(keyId);
      void db.signals.send(KEY_REVOKED_SIGNAL, keyId).catch(() => {});
    },
  };
  const schema = await buildQvaultSchema(pubsub);

  /** The live subscriptions of each socket, by operation id. */
  const live = new Map<WebSocket, Set<string>>();
  const subscriptionsOf = (socket: WebSocket) => {
    const set = live.get(socket) ?? new Set<string>();
    live.set(socket, set);
    return set;
  };
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: REQUEST_LIMITS.wsMessageBytes,
  });
  const wsCleanup = useServer<Record<string, unknown>, { apiKey?: Context["apiKey"] }>(
    {
      schema,
      onSubscribe: (ctx, id, payload) => {
        const operation = operationOf(schema, payload);
        if (
          !Array.isArray(operation) &&
          getOperationAST((operation as ExecutionArgs).document)?.operation === "subscription"
        ) {
          subscriptionsOf(ctx.extra.socket).add(id);
          counters.subscriptions(1);
        }
        return operation;
      },
      onComplete: (ctx, id) => {
        if (live.get(ctx.extra.socket)?.delete(id)) counters.subscriptions(-1);
      },
      subscribe: sharedSubscribe((context) => (context as Context).apiKey.role),
      onConnect: async (ctx) => {
        try {
          const key = await requireKey(apiKeys, ctx.connectionParams?.authorization);
          ctx.extra.apiKey = key;
          const set = sockets.get(key.id) ?? new Set();
          set.add(ctx.extra.socket);
          sockets.set(key.id, set);
          counters.connections(1);
          return true;
        } catch (error) {
          ctx.extra.socket.close(CloseCode.Unauthorized, `UNAUTHENTICATED: ${(error as Error).message}`);
          return false;
        }
      },
      onDisconnect: (ctx) => {
        if (ctx.extra.apiKey) sockets.get(ctx.extra.apiKey.id)?.delete(ctx.extra.socket);
        counters.connections(-1);
        counters.subscriptions(-(live.get(ctx.extra.socket)?.size ?? 0));
        live.delete(ctx.extra.socket);
      },
      context: (ctx): Context => ({ apiKey: ctx.extra.apiKey!, services }),
      onNext: (_ctx, _id, _payload, _args, result) => {
        for (const error of result.errors ?? []) logInternal(logger, error);
        return formatResult(result);
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) logInternal(logger, error);
        return formatErrors(errors) as never;
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The process's signals are main.ts's to handle: it closes everything, Apollo included.
    // Apollo's own handler, beside it, could leave its stop waiting for ever.
    stopOnTerminationSignals: false,
    introspection: true,
    parseOptions,
    validationRules: [...limitRules, noSubscriptionOverHttp],
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      graphqlTraces(),
      {
        async requestDidStart() {
          const end = counters.graphqlStarted();
          return {
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) logInternal(contextValue.log ?? logger, error);
            },
            async willSendResponse({ operation }) {
              const root = operation?.selectionSet.selections[0];
              end(operation?.operation ?? "invalid", root?.kind === "Field" ? root.name.value : "unknown");
            },
          };
        },
      },
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  const autoBackup = await startAutoBackup({
    db,
    settings,
    repo,
    log: (line) => logger.warn(line),
    leads: () => instance.leads(),
  });
  const stopLeading = instance.onLeadChange((leads) => autoBackup.leadChanged(leads));
  services.autoBackup = autoBackup;
  // Every health computed that differs from the last goes to subscribers, and to notifications.
  const healthWatch = watchHealth(
    repo,
    settings,
    {
      publish: (topic, health) => {
        notifier.healthChanged(health);
        pubsub.publish(topic, health);
      },
      on: (topic, listener) => pubsub.on(topic, listener),
    },
    {
      changes: [(listener) => db.onCommit(listener), (listener) => pubsub.on("BACKUP_CREATED", listener)],
    },
  );

  app.get("/metrics", async (req, res) => {
    try {
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      if (!(config.metricsToken && sameSecret(bearer, config.metricsToken)))
        await authorize(apiKeys, req, "VIEWER");
      res.type(counters.registry.contentType).send(await counters.registry.metrics());
    } catch (error) {
      sendError(res, error);
    }
  });
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const database = await db.ping();
    const health = database ? await systemHealth(repo, settings).catch(() => null) : null;
    const ready = database && health !== null && health.status !== "FAILING";
    res.status(ready ? 200 : 503).json({
      status: ready ? "ok" : "failing",
      checks: { database, health: health?.status ?? "FAILING" },
      failing: health?.checks.filter((c) => c.status === "FAILING") ?? [],
    });
  });
  app.use(
    await createArchiveRoutes({
      apiKeys,
      repo,
      tempDir: join(config.dataDir, "tmp"),
      importMaxBytes: config.importMaxBytes,
    }),
  );
  app.use(
    createMediaRoutes({
      apiKeys,
      bank: services.bank,
      db,
      repo,
      mediaMaxBytes: config.mediaMaxBytes,
    }),
  );
  app.use(
    "/graphql",
    express.json({ limit: REQUEST_LIMITS.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => ({
        log: req.log,
        apiKey: await requireKey(apiKeys, req.headers.authorization),
        services,
      }),
    }),
  );
  const adminDir = config.adminDir ?? fileURLToPath(new URL("../../admin/dist", import.meta.url));
  const adminIndex = join(adminDir, "index.html");
  if (existsSync(adminIndex)) {
    app.use(express.static(adminDir, { index: false, maxAge: "1h" }));
    // The admin's pages (its router's paths); any other path is not one of them.
    app.get(ADMIN_PAGES, (_req, res) => {
      res.sendFile(adminIndex, { headers: { "cache-control": "no-cache" } });
    });
  } else {
    app.get("/", (_req, res) => {
      res.type("text/plain").send("The admin is not built: run `pnpm build`, then restart.");
    });
  }
  const onBodyError: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === "number" ? error.status : 500;
    if (error?.type === "entity.too.large")
      return res
        .status(413)
        .json(
          errorBody("BAD_USER_INPUT", `The request body is larger than ${REQUEST_LIMITS.bodyBytes} bytes`),
        );
    if (status >= 400 && status < 500)
      return res.status(status).json(errorBody("BAD_USER_INPUT", "The request body is not valid JSON"));
    (req.log ?? logger).error({ err: error }, "internal error");
    return res.status(500).json(errorBody("INTERNAL_SERVER_ERROR", "Internal server error"));
  };
  app.use(onBodyError);
  // Nothing here: 404. A browser asking for a page gets the admin with that status, which shows
  // its own "Page not found"; anything else (an API client, a scraper) gets the code in JSON.
  app.use((req, res) => {
    res.status(404);
    if (
      req.method === "GET" &&
      existsSync(adminIndex) &&
      req.accepts(["application/json", "text/html"]) === "text/html"
    )
      return res.sendFile(adminIndex, { headers: { "cache-control": "no-cache" } });
    res.json(errorBody("NOT_FOUND", `Nothing at ${req.method} ${req.path}`));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    createdAdminSecret,
    database: db.location,
    close() {
      closing ??= (async () => {
        autoBackup.stop();
        stopLeading();
        for (const stop of stopHearing) stop();
        healthWatch.stop();
        await notifier.stop();
        for (const job of services.repo.jobs.pending()) await services.repo.jobs.cancel(job.id);
        await services.repo.jobs.idle();
        // The job thread goes first: while it lives, the HTTP server's drain never ends.
        await thread.close();
        await apollo.stop();
        wsServer.close();
        await instance.leave();
        await db.close();
      })();
      return closing;
    },
  };
}
