/**
 * The server's typed pub/sub topics. In-memory by default; `createPubSub` takes a shared event
 * target when several API instances must see each other's events.
 */
import { setMaxListeners } from "node:events";
import { createPubSub } from "@graphql-yoga/subscription";
import type { JobState } from "@qvault/core";
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

export function createQvaultPubSub(): QvaultPubSub {
  const eventTarget = new EventTarget();
  // Every subscriber listens on it: hundreds are expected, not a leak.
  setMaxListeners(Number.POSITIVE_INFINITY, eventTarget);
  const pubsub = createPubSub<Topics>({
    eventTarget: eventTarget as NonNullable<Parameters<typeof createPubSub<Topics>>[0]>["eventTarget"],
  });
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
