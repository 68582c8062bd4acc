/**
 * An archive file on disk as an {@link ArchiveSource} (Node only; the browser reads a Blob or
 * bytes instead). The file is opened once; `close` releases it.
 */
import { open } from "node:fs/promises";
import type { ArchiveSource } from "./archive-reader.js";

export interface FileSource extends ArchiveSource {
  close(): Promise<void>;
}

/** Opens the file at `path` for random reads. @throws the file system's error when it cannot be opened. */
export async function openFileSource(path: string): Promise<FileSource> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(offset, length) {
        const out = new Uint8Array(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(out, filled, length - filled, offset + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === length ? out : out.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
