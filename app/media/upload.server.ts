import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_FILES_PER_UPLOAD, MAX_UPLOAD_BYTES } from "./images";
import { ImageRefused } from "./validate.server";

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** Too many files, or a body that cannot be a sane upload. */
export class UploadRejected extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: "tooManyFiles" | "bodyTooLarge" | "badBody",
  ) {
    super(code);
  }
}

const MAX_FIELD_BYTES = 16 * 1024;
// Multipart framing per part is a few hundred bytes; allow generously but bound the whole body.
const MAX_BODY_BYTES = MAX_FILES_PER_UPLOAD * (MAX_UPLOAD_BYTES + 64 * 1024);

/** A file's name as the person chose it, without any path a browser might send. */
function displayName(filename: string): string {
  const base = filename.split(/[\\/]/).pop()?.trim() ?? "";
  return (base || "image").slice(0, 120);
}

/**
 * Reads a multipart upload, counting bytes as they stream in: a file past 20 MB is refused
 * (`ImageRefused` 413, naming it) the moment it crosses the limit, not after buffering it all.
 * Returns the text fields and the files in the order sent.
 */
export async function parseImageUpload(
  request: Request,
): Promise<{ fields: Map<string, string>; files: UploadedFile[] }> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new UploadRejected(413, "bodyTooLarge");
  const files: UploadedFile[] = [];
  const fields = new Map<string, string>();
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      fields.set(
        name,
        (await collect(data, MAX_FIELD_BYTES, () => new UploadRejected(400, "badBody"))).toString(
          "utf8",
        ),
      );
      return undefined;
    }
    if (name !== "file") throw new UploadRejected(400, "badBody");
    if (files.length >= MAX_FILES_PER_UPLOAD) throw new UploadRejected(413, "tooManyFiles");
    const fileName = displayName(filename);
    const bytes = await collect(
      data,
      MAX_UPLOAD_BYTES,
      () => new ImageRefused("tooLarge", fileName),
    );
    // An empty file input still sends a part with an empty filename and no bytes.
    if (bytes.length > 0 || filename !== "") files.push({ name: fileName, bytes });
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof ImageRefused || error instanceof UploadRejected) throw error;
    throw new UploadRejected(400, "badBody");
  }
  return { fields, files };
}

async function collect(
  data: AsyncIterable<Uint8Array>,
  limit: number,
  tooBig: () => Error,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > limit) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
