/**
 * A real, small file system for the storage-fault suite: a tmpfs mounted on a folder. Mounting
 * needs root (or CAP_SYS_ADMIN); where it is refused the caller skips the case and says why.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

export interface SmallDisk {
  dir: string;
  /** Grows (or shrinks) the file system without touching its files. */
  resize(size: string): void;
  unmount(): void;
}

/** Mounts a tmpfs of `size` (e.g. "2m") on `dir`; returns why not when the system refuses. */
export function mountSmallDisk(dir: string, size: string): SmallDisk | { refused: string } {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { refused: `mount -t tmpfs -o size=${size} was refused: ${stderr || (error as Error).message}` };
  }
  return {
    dir,
    resize(next) {
      execFileSync("mount", ["-o", `remount,size=${next}`, dir], { stdio: "pipe" });
    },
    unmount() {
      execFileSync("umount", [dir], { stdio: "pipe" });
    },
  };
}
