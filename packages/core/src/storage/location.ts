/**
 * A repository's location as users write it: a folder's path, or `s3://bucket/prefix` for
 * S3-compatible object storage. The one place that turns such a string into a {@link Storage}.
 */
import { createLocalStorage } from "./local-storage.js";
import { createS3Storage, isS3Location, type S3Settings } from "./s3-storage.js";
import type { Storage } from "./storage.js";

/**
 * The storage at `location`: object storage for `s3://bucket/prefix` (reached with `s3`), else
 * the folder at that path.
 * @throws StorageError "EINVAL" for an s3:// location that names no valid bucket.
 */
export function createStorage(location: string, s3: S3Settings = {}): Storage {
  return isS3Location(location) ? createS3Storage(location, s3) : createLocalStorage(location);
}
