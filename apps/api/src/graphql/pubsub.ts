/**
 * The server's typed pub/sub topics, in memory, relayed between the instances that share the
 * bank: a job's updates and new backups published on one instance reach the subscribers of every
 * instance (through the database's signals: PostgreSQL's LISTEN/NOTIFY). Health is not relayed:
 * each instance works it out from what it hears.
 *
 * Invariants: relayed events reach an instance's subscribers in the order they were published.
 * A job's state too large for a signal is sent as its id, and read from the store where heard.
 * An event reaches its listeners a batch at a time, the event loop free between batches, so that
 * thousands of subscribers do not hold up the requests; each listener gets events in order, every
 * one of them but a job's progress that a newer state of that job overtook while the listener
 * waited for it (a final state is never skipped).
 */
import { createPubSub } from "@graphql-yoga/subscription";
import { FINAL_STATUSES, type JobState } from "@qvault/core";
import type { BankSignals } from "@qvault/question-bank";
import type { SystemHealth } from "../services/health.js";

export type Topics = {
  /** Every state change and throttled progress of every job. */
  JOB_UPDATED: [JobState];
  /** The id of a snapshot just written. */
  BACKUP_CREATED: [string];
  /** The system's health, whenever it changes. */
  HEALTH_CHANGED: [SystemHealth];
};

export type QvaultPubSub = ReturnType<typeof createPubSub<Topics>> & {
  /** Calls `listener` on every event of `topic` (for the server's own reactions); returns what stops it. */
  on(topic: keyof Topics & string, listener: () => void): () => void;
};

/** The signal channel events travel on between instances. */
const EVENTS_SIGNAL = "events";

type Relayed =
  | { topic: "JOB_UPDATED"; job?: JobState; jobId?: string }
  | { topic: "BACKUP_CREATED"; backupId: string };

/** A job's state as JSON carried it: its times back as dates. */
function revivedJob(job: JobState): JobState {
  const date = (value: unknown) => (value == null ? null : new Date(value as string));
  return {
    ...job,
    createdAt: new Date(job.createdAt),
    startedAt: date(job.startedAt),
    finishedAt: date(job.finishedAt),
    ...(job.updatedAt ? { updatedAt: new Date(job.updatedAt) } : {}),
    phases: (job.phases ?? []).map((p) => ({ phase: p.phase, startedAt: new Date(p.startedAt) })),
    ...(job.acknowledged ? { acknowledged: { ...job.acknowledged, at: new Date(job.acknowledged.at) } } : {}),
  };
}

/**
 * The pub/sub of one instance. With `relay`, job updates and new backups are also sent to the
 * other instances, and theirs published here; `jobOf` reads a job whose state was too large to
 * send.
 */
/** Listeners called at once, before the event loop runs again. */
const LISTENERS_PER_BATCH = 250;

type Listener = (event: Event) => void;

/** The state of a job an event carries, if it carries one. */
const jobOfEvent = (event: Event): JobState | null =>
  event.type === "JOB_UPDATED" ? ((event as CustomEvent<JobState>).detail ?? null) : null;

/**
 * True when `newer` makes `older` needless to a listener that has not heard `older` yet: both
 * carry the same job, `newer` a later state of it (every field of a job's state is its latest,
 * its phases included), and `older` not a final one (those are always heard).
 */
function supersedes(older: Event, newer: Event): boolean {
  const before = jobOfEvent(older);
  const after = jobOfEvent(newer);
  return (
    before !== null && after !== null && before.id === after.id && !FINAL_STATUSES.includes(before.status)
  );
}

/**
 * An event target that calls an event's listeners a batch at a time, in the order the events were
 * dispatched (see the header). A listener still waiting for a job's update when a later update of
 * the same job comes hears only the later one: when updates come faster than thousands of
 * subscribers can be sent them, each subscriber gets the newest state instead of falling behind.
 * Only what the pub/sub uses: listeners as functions.
 */
function batchedEventTarget(): EventTarget {
  const listeners = new Map<string, Set<Listener>>();
  const deliveries: { event: Event; to: Listener[]; next: number }[] = [];
  let scheduled = false;
  const deliver = () => {
    scheduled = false;
    let budget = LISTENERS_PER_BATCH;
    while (deliveries.length && budget > 0) {
      const delivery = deliveries[0]!;
      const current = listeners.get(delivery.event.type);
      while (delivery.next < delivery.to.length && budget > 0) {
        const listener = delivery.to[delivery.next++]!;
        // A listener removed meanwhile hears no more.
        if (current?.has(listener)) {
          budget--;
          try {
            listener(delivery.event);
          } catch {
            // One subscriber's failure (its queue overflowing, say) is its own: the others, and
            // whoever published, go on.
          }
        }
      }
      if (delivery.next >= delivery.to.length) deliveries.shift();
    }
    if (deliveries.length) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(deliver);
  };
  return {
    addEventListener(type: string, listener: Listener) {
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
      }
      set.add(listener);
    },
    removeEventListener(type: string, listener: Listener) {
      listeners.get(type)?.delete(listener);
    },
    dispatchEvent(event: Event) {
      const to = [...(listeners.get(event.type) ?? [])];
      if (!to.length) return true;
      for (const waiting of deliveries)
        if (supersedes(waiting.event, event)) {
          // Who has not heard the older state hears this one instead (it comes later for all).
          waiting.to.length = waiting.next;
        }
      deliveries.push({ event, to, next: 0 });
      // The first batch at once when nothing waits: a few subscribers hear it without delay.
      if (deliveries.length === 1 && !scheduled) deliver();
      else schedule();
      return true;
    },
  } as EventTarget;
}

export function createQvaultPubSub(relay?: {
  signals: BankSignals;
  jobOf(id: string): Promise<JobState | null>;
}): QvaultPubSub {
  const eventTarget = batchedEventTarget();
  const pubsub = createPubSub<Topics>({
    eventTarget: eventTarget as NonNullable<Parameters<typeof createPubSub<Topics>>[0]>["eventTarget"],
  });
  const publishHere = pubsub.publish.bind(pubsub) as (topic: string, payload: unknown) => void;
  if (relay) {
    const { signals } = relay;
    let sending: Promise<unknown> = Promise.resolve();
    const send = (event: Relayed, fallback?: Relayed) => {
      sending = sending
        .then(async () => {
          if (!(await signals.send(EVENTS_SIGNAL, event)) && fallback)
            await signals.send(EVENTS_SIGNAL, fallback);
        })
        .catch(() => {});
    };
    pubsub.publish = ((topic: keyof Topics, payload: unknown) => {
      publishHere(topic, payload);
      if (topic === "JOB_UPDATED") {
        const job = payload as JobState;
        send({ topic, job }, { topic, jobId: job.id });
      } else if (topic === "BACKUP_CREATED") send({ topic, backupId: payload as string });
    }) as typeof pubsub.publish;
    let hearing: Promise<unknown> = Promise.resolve();
    signals.on(EVENTS_SIGNAL, (message) => {
      const event = message as Relayed;
      hearing = hearing
        .then(async () => {
          if (event.topic === "BACKUP_CREATED") publishHere(event.topic, event.backupId);
          else if (event.topic === "JOB_UPDATED") {
            const job = event.job
              ? revivedJob(event.job)
              : event.jobId
                ? await relay.jobOf(event.jobId)
                : null;
            if (job) publishHere(event.topic, job);
          }
        })
        .catch(() => {});
    });
  }
  return Object.assign(pubsub, {
    on(topic: keyof Topics & string, listener: () => void) {
      eventTarget.addEventListener(topic, listener);
      return () => eventTarget.removeEventListener(topic, listener);
    },
  });
}

/**
 * Listens to `topic` from now on. Unlike a bare `subscribe`, events published before the first
 * `next()` are not lost: listening starts at once.
 */
export function listen<K extends keyof Topics & string>(
  pubsub: QvaultPubSub,
  topic: K,
): AsyncIterator<Topics[K][0]> {
  const subscribe = pubsub.subscribe as (topic: string) => AsyncIterable<Topics[K][0]>;
  const iterator = subscribe(topic)[Symbol.asyncIterator]();
  const first = iterator.next();
  let primed = true;
  return {
    next() {
      if (primed) {
        primed = false;
        return first;
      }
      return iterator.next();
    },
    return(value?: unknown) {
      return iterator.return ? iterator.return(value) : Promise.resolve({ done: true, value: undefined });
    },
  } as AsyncIterator<Topics[K][0]>;
}
