/**
 * The API key this browser signs in with, kept in localStorage so a reload stays signed in.
 * One store for the whole app: the Apollo links read it on every request, React reads it
 * through `useApiKey`. Clearing it with a reason (e.g. the server said UNAUTHENTICATED) lets
 * the sign-in screen say why the user is back there. Other tabs follow through `storage` events.
 */
import { useSyncExternalStore } from "react";

const STORAGE_KEY = "qvault.apiKey";

/** Why the key was cleared, shown once on the sign-in screen. */
export type SignOutReason = "signed-out" | "rejected";

type Listener = () => void;
const listeners = new Set<Listener>();
let lastReason: SignOutReason | null = null;

function read(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

let current: string | null = read();

function emit(): void {
  for (const listener of listeners) listener();
}

/** The stored key, or null when signed out. */
export function getApiKey(): string | null {
  return current;
}

/** Stores `key` and signs in with it. */
export function setApiKey(key: string): void {
  current = key;
  lastReason = null;
  try {
    window.localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Private mode or a full quota: the key still works until the tab closes.
  }
  emit();
}

/** Forgets the key; `reason` is remembered for the sign-in screen. */
export function clearApiKey(reason: SignOutReason): void {
  if (current === null) return;
  current = null;
  lastReason = reason;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored to remove.
  }
  emit();
}

/** Why the last sign-out happened, or null; reading it does not clear it. */
export function signOutReason(): SignOutReason | null {
  return lastReason;
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    const next = read();
    if (next === current) return;
    if (next === null) lastReason = "signed-out";
    current = next;
    emit();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The stored key, re-rendering when it changes (here or in another tab). */
export function useApiKey(): string | null {
  return useSyncExternalStore(subscribe, getApiKey, () => null);
}

/** Calls `listener` whenever the key changes; returns the unsubscribe function. */
export function onApiKeyChange(listener: Listener): () => void {
  return subscribe(listener);
}
