/**
 * A thread of subscribers for the load parts (./load.ts): `count` WebSocket clients, each on its
 * own connection to one of `urls` in turn, each watching `jobUpdates`. It keeps, for every update
 * every client receives, the job, its status, and the times it was sent (Job.updatedAt) and
 * received, and answers `report` with them. Subscribers live in threads of their own so that
 * their work does not delay the query clients' timings, nor theirs the deliveries.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

interface Setup {
  urls: string[];
  /** Index of this thread's first client among all: which URL each one takes. */
  offset: number;
  count: number;
  token: string;
}

export interface Delivery {
  client: number;
  id: string;
  status: string;
  sent: number;
  received: number;
}

const { urls, offset, count, token } = workerData as Setup;
const deliveries: Delivery[] = [];
let dropped = 0;

function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: `${url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => resolve(client),
        closed: (event) => {
          if ((event as { code?: number }).code !== 1000) dropped++;
        },
        error: reject,
      },
    });
  });
}

const clients: Client[] = [];
for (let start = 0; start < count; start += 250)
  clients.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(250, count - start) }, (_, i) =>
        connect(urls[(offset + start + i) % urls.length]!),
      ),
    )),
  );
clients.forEach((client, i) => {
  client.subscribe(
    { query: "subscription { jobUpdates { id status updatedAt } }" },
    {
      next: ({ data }) => {
        const update = (data as { jobUpdates: { id: string; status: string; updatedAt: string } }).jobUpdates;
        deliveries.push({
          client: offset + i,
          id: update.id,
          status: update.status,
          sent: Date.parse(update.updatedAt),
          received: Date.now(),
        });
      },
      error: () => dropped++,
      complete: () => {},
    },
  );
});
parentPort!.postMessage({ type: "connected" });
parentPort!.on("message", async (message: { type: "report" | "close" }) => {
  if (message.type === "report") parentPort!.postMessage({ type: "report", deliveries, dropped });
  else {
    await Promise.all(clients.map((client) => client.dispose()));
    parentPort!.postMessage({ type: "closed" });
  }
});
