/**
 * Archive files on the command line's side: where an export writes (a file, or stdout for `-`)
 * and where an import reads (a file, or stdin for `-`, spooled to a temporary file because a
 * reader needs random access).
 *
 * A file is written under a temporary name beside it (`.<name>.<random>.part`), flushed to disk,
 * and only then given its name: a failed or interrupted export leaves no file, partial or not.
 * Not guaranteed for stdout: what was written before a failure has gone; it lacks the archive's
 * footer, so every reader refuses it.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, mkdtemp, open, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ARCHIVE_EXTENSION, type FileSource, notFound, openFileSource, QvaultError } from "@qvault/core";
import { CliError } from "../output/exit-codes.js";

export interface ArchiveDestination {
  /** The file's absolute path, or "-" for stdout. */
  readonly name: string;
  /**
   * Writes every chunk; resolves with the number of bytes once the archive is complete and in
   * place. @throws whatever `chunks` throws, with nothing left behind for a file.
   */
  write(chunks: AsyncIterable<Uint8Array>): Promise<number>;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Where `qvault export` writes the archive of `snapshotId`: `file` ("-" for stdout; an existing
 * folder for `qvault-<id>.qvar` in it), by default `qvault-<id>.qvar` in the current folder.
 * @throws CliError CONFLICT when the file exists and not `force`; NOT_FOUND when its folder does not exist.
 */
export async function archiveDestination(
  file: string | undefined,
  snapshotId: string,
  options: { force: boolean },
): Promise<ArchiveDestination> {
  if (file === "-") return stdoutDestination();
  const fileName = `qvault-${snapshotId}${ARCHIVE_EXTENSION}`;
  let path = resolve(file ?? fileName);
  if (file && (await stat(path).catch(() => null))?.isDirectory()) path = join(path, fileName);
  if (!(await stat(dirname(path)).catch(() => null))?.isDirectory()) throw notFound("Folder", dirname(path));
  if (!options.force && (await exists(path)))
    throw new CliError("CONFLICT", `${path} exists; pass --force to replace it`);
  return fileDestination(path, options.force);
}

function fileDestination(path: string, force: boolean): ArchiveDestination {
  return {
    name: path,
    async write(chunks) {
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.part`);
      const handle = await open(temp, "wx");
      let bytes = 0;
      try {
        try {
          for await (const chunk of chunks) {
            await handle.write(chunk);
            bytes += chunk.length;
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        await (force ? rename(temp, path) : keepNew(temp, path));
        return bytes;
      } finally {
        await rm(temp, { force: true });
      }
    },
  };
}

/** Gives `temp` the name `path` unless a file took that name meanwhile. @throws CliError CONFLICT */
async function keepNew(temp: string, path: string): Promise<void> {
  try {
    // A hard link fails when the name is taken, where a rename would replace the file.
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new CliError("CONFLICT", `${path} appeared while the archive was written; it was left as it was`);
    // Some file systems have no hard links.
    if (await exists(path)) throw new CliError("CONFLICT", `${path} exists; pass --force to replace it`);
    await rename(temp, path);
  }
}

function stdoutDestination(): ArchiveDestination {
  return {
    name: "-",
    async write(chunks) {
      let bytes = 0;
      for await (const chunk of chunks) {
        bytes += chunk.length;
        if (!process.stdout.write(chunk))
          await new Promise<void>((done, fail) => {
            process.stdout.once("drain", done);
            process.stdout.once("error", fail);
          });
      }
      return bytes;
    },
  };
}

/** Stdin, to read an archive from. @throws CliError USAGE when it is a terminal. */
export function stdinArchive(): NodeJS.ReadStream {
  if (process.stdin.isTTY)
    throw new CliError("USAGE", "`-` reads the archive from stdin, which is a terminal: pipe the archive in");
  return process.stdin;
}

/** An archive to read: its path, and a cleanup for a spooled copy. */
export interface ArchiveInput {
  path: string;
  /** What the archive is called in notes and messages: the file's name, or "standard input". */
  origin: string;
  size: number;
  remove(): Promise<void>;
}

/**
 * The archive `file` names. For "-", stdin is copied to a temporary file first (under TMPDIR),
 * reporting its bytes as phase "reading".
 * @throws NOT_FOUND when the file does not exist; CliError USAGE for a folder, or `-` on a terminal.
 */
export async function archiveInput(
  file: string,
  options: { progress: (bytes: number) => void; signal: AbortSignal },
): Promise<ArchiveInput> {
  if (file !== "-") {
    const path = resolve(file);
    const found = await stat(path).catch(() => null);
    if (!found) throw notFound("File", path);
    if (!found.isFile()) throw new CliError("USAGE", `${path} is not a file`);
    return { path, origin: basename(path), size: found.size, remove: async () => {} };
  }
  const stdin = stdinArchive();
  const folder = await mkdtemp(join(tmpdir(), "qvault-import-"));
  const remove = () => rm(folder, { recursive: true, force: true });
  const path = join(folder, `stdin${ARCHIVE_EXTENSION}`);
  let size = 0;
  try {
    const count = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        size += chunk.length;
        options.progress(size);
        next(null, chunk);
      },
    });
    await pipeline(stdin, count, createWriteStream(path, { flags: "wx" }), {
      signal: options.signal,
    });
    return { path, origin: "standard input", size, remove };
  } catch (error) {
    await remove();
    if (options.signal.aborted)
      throw new QvaultError("CANCELLED", "Stopped while reading stdin; nothing was imported", {
        cause: error,
      });
    throw error;
  }
}

/**
 * Runs `use` on the archive `file` names (see {@link archiveInput}) opened for random reads, then
 * closes it and removes a spooled copy, whatever `use` does.
 */
export async function withArchiveSource<T>(
  file: string,
  options: { progress: (bytes: number) => void; signal: AbortSignal },
  use: (source: FileSource, input: ArchiveInput) => Promise<T>,
): Promise<T> {
  const input = await archiveInput(file, options);
  try {
    const source = await openFileSource(input.path);
    try {
      return await use(source, input);
    } finally {
      await source.close();
    }
  } finally {
    await input.remove();
  }
}
