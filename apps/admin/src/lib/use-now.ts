/**
 * The current time, re-read every `intervalMs`, for labels such as "2 minutes ago". Every
 * component that asks for the same interval shares one timer (a list of 100 times ticks once),
 * which runs only while some component listens.
 */
import { useSyncExternalStore } from "react";

interface Clock {
  now: number;
  subscribe(listener: () => void): () => void;
  read(): number;
}

const clocks = new Map<number, Clock>();

function createClock(intervalMs: number): Clock {
  const listeners = new Set<() => void>();
  let timer: number | null = null;
  const clock: Clock = {
    now: Date.now(),
    subscribe(listener) {
      listeners.add(listener);
      timer ??= window.setInterval(() => {
        clock.now = Date.now();
        for (const notify of listeners) notify();
      }, intervalMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          window.clearInterval(timer);
          timer = null;
        }
      };
    },
    read: () => clock.now,
  };
  return clock;
}

export function useNow(intervalMs = 30_000): number {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = createClock(intervalMs);
    clocks.set(intervalMs, clock);
  }
  return useSyncExternalStore(clock.subscribe, clock.read);
}
