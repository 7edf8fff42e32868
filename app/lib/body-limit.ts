import { CSV_MAX_BYTES } from "../catalog/csv-format";
import { MAX_FILES_PER_UPLOAD, MAX_UPLOAD_BYTES } from "../media/images";

/** Room for multipart boundaries and the few text fields beside the files. */
const FORM_OVERHEAD = 64 * 1024;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The largest request body a path may send. Routes that take files declare more; everything
 * else (forms, JSON, webhooks) stays under 1 MB, so nobody can make a handler buffer a huge body.
 */
export function bodyLimitFor(path: string): number {
  // A page's <Form> posts to `<path>.data` under single fetch; the same path's limit applies.
  path = path.replace(/\.data$/, "");
  if (/^\/admin\/products\/[^/]+\/images\/?$/.test(path))
    return MAX_FILES_PER_UPLOAD * MAX_UPLOAD_BYTES + FORM_OVERHEAD;
  if (/^\/admin\/products\/csv\/?$/.test(path)) return CSV_MAX_BYTES + FORM_OVERHEAD;
  return DEFAULT_BODY_LIMIT;
}

/** Why a request's declared body is refused (413), or null. Bodies without a length are bounded as they are read (http-edge.server.ts). */
export function bodyTooLarge({
  path,
  contentLength,
}: {
  path: string;
  contentLength: string | undefined;
}): string | null {
  if (contentLength === undefined) return null;
  const length = Number(contentLength);
  const limit = bodyLimitFor(path);
  if (!Number.isFinite(length) || length <= limit) return null;
  return `Request body of ${length} bytes is over this address's limit of ${limit} bytes.`;
}
