/**
 * The page's side of the archive worker: starts it (Vite bundles archive.worker.ts, core's reader
 * and brotli-wasm's .wasm as their own files, loaded only here) and turns the message protocol
 * (archive-protocol.ts) into promises. A worker that fails to start, or dies, fails every call
 * waiting on it.
 */
import type { Progress } from "@qvault/core/web";
import type {
  ArchiveCall,
  ArchiveCalls,
  ArchiveFailure,
  ArchiveRequest,
  WorkerMessage,
} from "./archive-protocol";

/** A failed call, with the failure's code. */
export class ArchiveCallError extends Error {
  override readonly name = "ArchiveCallError";
  readonly code: ArchiveFailure["code"];
  constructor(failure: ArchiveFailure) {
    super(failure.message);
    this.code = failure.code;
  }
}

export interface ArchiveClient {
  /** Resolves once the worker has loaded brotli-wasm. @throws ArchiveCallError when it cannot */
  ready: Promise<void>;
  /** Sends one call. @throws ArchiveCallError with the worker's code */
  call<K extends ArchiveCall>(
    call: K,
    params: ArchiveCalls[K]["params"],
    onProgress?: (progress: Progress) => void,
  ): Promise<ArchiveCalls[K]["result"]>;
  /** Stops the worker; calls still waiting fail. */
  terminate(): void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: ArchiveCallError): void;
  onProgress?: (progress: Progress) => void;
}

/** Starts a worker and returns its client. */
export function createArchiveClient(): ArchiveClient {
  const worker = new Worker(new URL("./archive.worker.ts", import.meta.url), {
    type: "module",
    name: "qvault-archive",
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: ArchiveFailure | null = null;
  let settleReady: { resolve(): void; reject(error: ArchiveCallError): void } | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Nobody may be waiting on `ready` yet; its failure is also every call's.
  ready.catch(() => undefined);

  const die = (failure: ArchiveFailure) => {
    dead = failure;
    settleReady?.reject(new ArchiveCallError(failure));
    for (const entry of pending.values()) entry.reject(new ArchiveCallError(failure));
    pending.clear();
  };

  worker.addEventListener("message", (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.type === "ready") {
      if (message.failure) die(message.failure);
      else settleReady?.resolve();
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    if (message.type === "progress") {
      entry.onProgress?.(message.progress);
      return;
    }
    pending.delete(message.id);
    if (message.type === "done") entry.resolve(message.result);
    else entry.reject(new ArchiveCallError(message.failure));
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    die({
      code: "UNEXPECTED",
      message: `The archive reader stopped: ${event.message || "it could not start"}`,
    });
  });

  return {
    ready,
    call(call, params, onProgress) {
      if (dead) return Promise.reject(new ArchiveCallError(dead));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (result: unknown) => void, reject, onProgress });
        worker.postMessage({ id, call, params } as ArchiveRequest);
      });
    },
    terminate() {
      worker.terminate();
      die({ code: "CANCELLED", message: "The archive reader was closed" });
    },
  };
}
