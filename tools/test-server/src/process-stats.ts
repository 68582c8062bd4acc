/**
 * What Linux's /proc says about a running process: its resident memory and its open file
 * descriptors. Linux only; both throw once the process is gone.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Resident memory of process `pid`, in bytes (VmRSS). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  if (kib === undefined) throw new Error(`/proc/${pid}/status has no VmRSS`);
  return Number(kib) * 1024;
}

/** How many file descriptors process `pid` has open. */
export function openFileCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
