/**
 * Requests that break the rules of the transport rather than of an argument: documents past the
 * limits, and WebSocket traffic that graphql-transport-ws does not allow. Each case says how the
 * server must answer: close the connection with graphql-ws's code, or answer the one operation
 * with a code and keep the connection serving.
 */
import type { TestServer } from "../helpers/test-server.js";
import { ADMIN_TOKEN } from "../helpers/test-server.js";
import { rawSocket } from "./clients.js";

/** `{ backups { edges { node { parent { … } } } } }`: depth 4 plus one per parent. */
export const chain = (parents: number, selection = "id") =>
  `{ backups(first: 1) { edges { node { ${"parent { ".repeat(parents)}${selection}${" }".repeat(parents)} } } } }`;
export const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
/** A valid document of about `tokens` tokens: a restore preview naming that many question ids. */
export const manyTokens = (tokens: number) =>
  `{ restorePlan(input: { backupId: "b", scope: QUESTIONS, questionIds: [${Array.from(
    { length: tokens - 19 },
    (_, i) => `"q${i}"`,
  ).join(" ")}] }) { added } }`;

export interface WsCase {
  why: string;
  /** The subprotocol asked for; graphql-transport-ws unless said, null for none. */
  protocol?: string | null;
  /** Authenticate first (connection_init with the admin key). */
  init?: boolean;
  /** Messages to send. */
  send: (string | Buffer)[];
  /** The connection is closed with this code, the reason matching. */
  closes?: { code: number; reason?: RegExp };
  /** Or operation "1" is answered with this code, and the connection still serves. */
  answers?: string;
}

const subscribe = (payload: unknown, id = "1") => JSON.stringify({ id, type: "subscribe", payload });
const init = JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${ADMIN_TOKEN}` } });

export const WS_CASES: WsCase[] = [
  { why: "text that is not JSON", send: ["not a message"], closes: { code: 4400 } },
  { why: "a binary frame", send: [Buffer.from([0, 159, 146, 150])], closes: { code: 4400 } },
  { why: "JSON that is not a message", send: ['{"type": 5}'], closes: { code: 4400 } },
  {
    why: "a message type that does not exist",
    init: true,
    send: ['{"type": "nope"}'],
    closes: { code: 4400 },
  },
  // graphql-ws closes on a message only a server sends with 4500, its code for a message it cannot handle.
  {
    why: "a message only a server sends",
    init: true,
    send: ['{"type":"connection_ack"}'],
    closes: { code: 4500 },
  },
  {
    why: "an operation result sent by the client",
    init: true,
    send: ['{"id":"1","type":"next","payload":{"data":{}}}'],
    closes: { code: 4500 },
  },
  {
    why: "subscribe before connection_init",
    send: [subscribe({ query: "{ me { id } }" })],
    closes: { code: 4401 },
  },
  { why: "connection_init twice", send: [init, init], closes: { code: 4429 } },
  {
    why: "connection_init without a key",
    send: [JSON.stringify({ type: "connection_init" })],
    closes: { code: 4401, reason: /UNAUTHENTICATED/ },
  },
  {
    why: "connection_init with a key that is not a string",
    send: [JSON.stringify({ type: "connection_init", payload: { authorization: 12345 } })],
    closes: { code: 4401, reason: /UNAUTHENTICATED/ },
  },
  {
    why: "connection_init whose payload is not an object",
    send: [JSON.stringify({ type: "connection_init", payload: "Bearer x" })],
    closes: { code: 4400 },
  },
  { why: "no connection_init at all", send: [], closes: { code: 4408 } },
  { why: "no subprotocol", protocol: null, send: [], closes: { code: 4406 } },
  { why: "a message over 1 MiB", init: true, send: ["x".repeat(1024 * 1024 + 1)], closes: { code: 1009 } },
  {
    why: "a subscribe without an id",
    init: true,
    send: ['{"type":"subscribe","payload":{"query":"{ me { id } }"}}'],
    closes: { code: 4400 },
  },
  {
    why: "a query that is not a string",
    init: true,
    send: [subscribe({ query: 5 })],
    closes: { code: 4400 },
  },
  {
    why: "variables that are not an object",
    init: true,
    send: [subscribe({ query: "{ me { id } }", variables: "x" })],
    closes: { code: 4400 },
  },
  {
    why: "two operations with one id",
    init: true,
    send: [
      subscribe({ query: "subscription { healthChanged { status } }" }),
      subscribe({ query: "subscription { healthChanged { status } }" }),
    ],
    closes: { code: 4409 },
  },
  {
    why: "a syntax error",
    init: true,
    send: [subscribe({ query: "{ me { id " })],
    answers: "BAD_USER_INPUT",
  },
  {
    why: "an unknown field",
    init: true,
    send: [subscribe({ query: "{ nope }" })],
    answers: "BAD_USER_INPUT",
  },
  { why: "depth 13", init: true, send: [subscribe({ query: chain(9) })], answers: "BAD_USER_INPUT" },
  { why: "31 aliases", init: true, send: [subscribe({ query: aliases(31) })], answers: "BAD_USER_INPUT" },
  {
    why: "5,001 tokens",
    init: true,
    send: [subscribe({ query: manyTokens(5_001) })],
    answers: "BAD_USER_INPUT",
  },
  {
    why: "a variable of the wrong type",
    init: true,
    send: [
      subscribe({ query: "query($n: Int) { questions(first: $n) { totalCount } }", variables: { n: "ten" } }),
    ],
    answers: "BAD_USER_INPUT",
  },
  {
    why: "an unknown operation name",
    init: true,
    send: [subscribe({ query: "query A { me { id } }", operationName: "B" })],
    answers: "BAD_USER_INPUT",
  },
  {
    why: "a page size out of range",
    init: true,
    send: [subscribe({ query: "{ questions(first: 0) { totalCount } }" })],
    answers: "BAD_USER_INPUT",
  },
  {
    why: "progress of a job that does not exist",
    init: true,
    send: [subscribe({ query: 'subscription { jobProgress(jobId: "nope") { id } }' })],
    answers: "NOT_FOUND",
  },
];

/** Runs one case on a connection of its own; null when the server answered as expected. */
export async function runWsCase(t: TestServer, c: WsCase, count: () => void): Promise<string | null> {
  const socket = await rawSocket(t, c.protocol);
  try {
    if (c.init) await socket.init(ADMIN_TOKEN);
    const answer = c.answers ? socket.next(5_000) : null;
    for (const message of c.send) {
      count();
      socket.send(message);
    }
    if (c.closes) {
      const closed = await Promise.race([
        socket.closed,
        new Promise((resolve) => setTimeout(() => resolve(null), 5_000)),
      ]);
      const got = closed as { code: number; reason: string } | null;
      if (!got) return "still open";
      if (got.code !== c.closes.code || (c.closes.reason && !c.closes.reason.test(got.reason)))
        return `closed ${got.code} "${got.reason}", expected ${c.closes.code}`;
      return null;
    }
    const message = await answer;
    const error = message?.type === "error" ? message.payload?.[0] : message?.payload?.errors?.[0];
    if (message?.id !== "1" || !error)
      return `no error for the operation: ${JSON.stringify(message)?.slice(0, 200)}`;
    if (error.extensions?.code !== c.answers) return `answered ${error.extensions?.code} "${error.message}"`;
    // The connection still serves.
    const next = socket.next(5_000);
    socket.send(subscribe({ query: "{ me { role } }" }, "2"));
    let reply = await next;
    while (reply && reply.id !== "2") reply = await socket.next(5_000);
    if (reply?.payload?.data?.me?.role !== "ADMIN")
      return `the connection stopped serving: ${JSON.stringify(reply)}`;
    return null;
  } finally {
    socket.close();
  }
}
