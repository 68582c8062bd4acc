/**
 * Storage in S3-compatible object storage (AWS S3, MinIO, R2, …), through the AWS SDK v3.
 *
 * Terms: the repository is every object whose key starts with `prefix/` in `bucket`; a storage
 * path is the rest of the key. Object stores have no rename, so a `write` is one request that
 * makes the object appear whole under its final name or not at all (a PutObject, or a multipart
 * upload for large files, which is aborted on failure and never shows a part). The repository's
 * own ordering (FORMAT.md: packs and indexes before the manifest that names them) is what makes
 * a snapshot appear only once everything it names is stored.
 *
 * `write` refuses to replace an object: it asks first whether one exists, then writes with
 * `If-None-Match: *`, which stores that support conditional writes enforce (a store that ignores
 * it leaves a window between the two requests in which two writers of one name both succeed:
 * the writer lock reads its object back after writing it, see repository/lock.ts). A write
 * whose answer was lost and was sent again is recognised: when the object found has the very
 * bytes being written, the write succeeded.
 *
 * Throttling (503 SlowDown), 5xx answers, timeouts and dropped connections are retried by the
 * SDK with exponential backoff (`maxAttempts`); a body cut short is read again. Nothing is
 * written to the local disk. The SDK is loaded on first use, so a repository in a folder never
 * loads it.
 *
 * Not guaranteed: listings of stores with eventual consistency may miss an object just written
 * (AWS S3 and the usual S3-compatible servers are strongly consistent today).
 */
import type { GetObjectCommandOutput, S3Client } from "@aws-sdk/client-s3";
import { equalBytes } from "../codec/codec.js";
import { checkPath, type Storage, StorageError } from "./storage.js";

/** Where an `s3://bucket/prefix` location points. */
export interface S3Location {
  bucket: string;
  /** Key prefix of the repository's objects, without a trailing `/`; may be empty. */
  prefix: string;
}

/** How to reach the object store; unset fields come from the SDK's own defaults and chain. */
export interface S3Settings {
  /** The store's URL, for stores other than AWS (for example `https://minio.example:9000`). */
  endpoint?: string;
  /** @default "us-east-1" */
  region?: string;
  /** Bucket in the path (`host/bucket/key`) rather than the host name; most self-hosted stores need it. */
  forcePathStyle?: boolean;
  /**
   * The profile of the shared credentials and config files whose credentials to use, for a store
   * with credentials of its own (a copy at another provider); the SDK's chain (AWS_PROFILE or
   * "default") without it.
   */
  profile?: string;
  /** Attempts per request, the first included, for throttling, 5xx and network failures. @default 6 */
  maxAttempts?: number;
  /** Time allowed to open a connection, in ms. @default 10000 */
  connectionTimeoutMs?: number;
  /** Time allowed without a byte of the answer, in ms. @default 60000 */
  requestTimeoutMs?: number;
}

/** Files larger than this go up as multipart uploads, in parts of this size. */
const PART_BYTES = 16 * 1024 * 1024;
/** Reads of a body that ended early are tried this many times in all. */
const BODY_ATTEMPTS = 4;

/** True when `location` names object storage rather than a folder. */
export function isS3Location(location: string): boolean {
  return location.startsWith("s3://");
}

/**
 * Parses `s3://bucket/prefix`.
 * @throws StorageError "EINVAL" when it names no valid bucket.
 */
export function parseS3Location(location: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  const bucket = match?.[1] ?? "";
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new StorageError(
      "EINVAL",
      `"${location}" is not an s3://bucket/prefix location (a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens)`,
      location,
    );
  const prefix = (match?.[2] ?? "").replace(/\/+$/, "");
  if (prefix) checkPath(prefix);
  return { bucket, prefix };
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The storage code of an SDK failure (see STORAGE_ADVICE in errors/qvault-error.ts). */
function codeOf(error: SdkError): string {
  const status = error.$metadata?.httpStatusCode;
  if (error.name === "NoSuchKey" || error.name === "NotFound" || status === 404)
    return error.name === "NoSuchBucket" ? "ENOBUCKET" : "ENOENT";
  if (error.name === "PreconditionFailed" || status === 412) return "EEXIST";
  // A range that starts past the object's end: the object is shorter than it should be.
  if (error.name === "InvalidRange" || status === 416) return "ESHORT";
  if (status === 401 || status === 403) return "EAUTH";
  if (error.name === "TimeoutError" || error.code === "ETIMEDOUT") return "ETIMEDOUT";
  if (error.code === "ECONNREFUSED" || error.code === "ECONNRESET" || error.code === "EPIPE")
    return error.code;
  if (status === 503 || error.name === "SlowDown") return "ETHROTTLED";
  return "EIO";
}

function wrap(error: unknown, path: string): StorageError {
  if (error instanceof StorageError) return error;
  const sdk = (error ?? {}) as SdkError;
  const code = codeOf(sdk);
  const status = sdk.$metadata?.httpStatusCode;
  return new StorageError(
    code,
    `${code} on ${path}: ${sdk.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}: ${sdk.message ?? String(error)}`,
    path,
    { cause: error },
  );
}

/**
 * A repository's storage in object storage at `location` (`s3://bucket/prefix`). Credentials come
 * from the SDK's standard chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, profiles, roles).
 * @throws StorageError "EINVAL" when `location` is not a valid s3:// location.
 */
export function createS3Storage(location: string, settings: S3Settings = {}): Storage {
  const { bucket, prefix } = parseS3Location(location);
  const keyOf = (path: string) => (prefix ? `${prefix}/${checkPath(path)}` : checkPath(path));
  let loaded: Promise<{ sdk: typeof import("@aws-sdk/client-s3"); client: S3Client }> | undefined;
  const load = () => {
    // The SDK warns, on every process's first client, that its future versions will need a newer
    // Node.js; qvault pins the version it ships with, so the warning tells its users nothing.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    loaded ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        endpoint: settings.endpoint,
        region: settings.region ?? "us-east-1",
        forcePathStyle: settings.forcePathStyle,
        ...(settings.profile ? { profile: settings.profile } : {}),
        maxAttempts: settings.maxAttempts ?? 6,
        requestHandler: {
          connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
          requestTimeout: settings.requestTimeoutMs ?? 60_000,
        },
        // The repository checks every byte it reads by its own digests; stores that do not
        // know the newer checksum headers (most S3-compatible ones) then need none.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      }),
    }));
    return loaded;
  };

  /** The object's bytes (or a range of them), read again when the body ends early. */
  async function get(path: string, range?: { offset: number; length: number }): Promise<Uint8Array> {
    const { sdk, client } = await load();
    for (let attempt = 1; ; attempt++) {
      let answer: GetObjectCommandOutput;
      try {
        // The SDK retries the request itself (throttling, 5xx, a connection that fails).
        answer = await client.send(
          new sdk.GetObjectCommand({
            Bucket: bucket,
            Key: keyOf(path),
            Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined,
          }),
        );
      } catch (error) {
        throw wrap(error, path);
      }
      // A body that breaks off after the answer began is this function's to read again.
      let failure: StorageError;
      try {
        const bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array(0);
        if (answer.ContentLength === undefined || bytes.length === answer.ContentLength) return bytes;
        failure = new StorageError(
          "ESHORT",
          `${path}: the store sent ${bytes.length} of ${answer.ContentLength} bytes`,
          path,
        );
      } catch (error) {
        failure = wrap(error, path);
      }
      if (attempt >= BODY_ATTEMPTS) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }

  async function head(path: string): Promise<number | null> {
    const { sdk, client } = await load();
    try {
      const answer = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: keyOf(path) }));
      return answer.ContentLength ?? 0;
    } catch (error) {
      const failure = wrap(error, path);
      if (failure.code === "ENOENT") return null;
      throw failure;
    }
  }

  async function put(path: string, data: Uint8Array, exclusive: boolean): Promise<void> {
    const { sdk, client } = await load();
    const params = {
      Bucket: bucket,
      Key: keyOf(path),
      Body: data,
      ...(exclusive ? { IfNoneMatch: "*" } : {}),
    };
    if (data.length <= PART_BYTES) {
      await client.send(new sdk.PutObjectCommand(params));
      return;
    }
    const { Upload } = await import("@aws-sdk/lib-storage");
    // A failed multipart upload is aborted: its parts never become an object.
    await new Upload({ client, params, partSize: PART_BYTES, queueSize: 2, leavePartsOnError: false }).done();
  }

  return {
    location: `s3://${bucket}${prefix ? `/${prefix}` : ""}`,

    async write(path, data) {
      const exists = () =>
        new StorageError("EEXIST", `EEXIST on ${path}: the object exists and is never replaced`, path);
      if ((await head(path)) !== null) throw exists();
      try {
        await put(path, data, true);
      } catch (error) {
        const failure = wrap(error, path);
        if (failure.code !== "EEXIST") throw failure;
        // A retried request whose first attempt was stored: the object holds these very bytes.
        const found = await get(path).catch(() => null);
        if (!found || !equalBytes(found, data)) throw exists();
      }
    },

    async replace(path, data) {
      try {
        await put(path, data, false);
      } catch (error) {
        throw wrap(error, path);
      }
    },

    read: (path) => get(path),

    async readRange(path, offset, length) {
      if (length === 0) return new Uint8Array(0);
      const bytes = await get(path, { offset, length });
      if (bytes.length < length)
        throw new StorageError("ESHORT", `${path} ends before byte ${offset + length}`, path);
      return bytes;
    },

    size: head,

    async list(listPrefix) {
      const { sdk, client } = await load();
      const trimmed = listPrefix.replace(/\/+$/, "");
      const root = prefix ? `${prefix}/` : "";
      const keys: string[] = [];
      try {
        for await (const page of sdk.paginateListObjectsV2(
          { client },
          { Bucket: bucket, Prefix: `${root}${trimmed ? `${checkPath(trimmed)}/` : ""}` },
        ))
          for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(root.length));
      } catch (error) {
        throw wrap(error, listPrefix);
      }
      return keys.sort();
    },

    async delete(path) {
      const { sdk, client } = await load();
      try {
        await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: keyOf(path) }));
      } catch (error) {
        const failure = wrap(error, path);
        if (failure.code !== "ENOENT") throw failure;
      }
    },
  };
}
