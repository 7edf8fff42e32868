import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where renditions live; an object store can implement the same three calls. */
export interface MediaStorage {
  has(key: string): Promise<boolean>;
  put(key: string, body: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

const KEY = /^[0-9a-f]{64}\/[0-9]{2,4}\.(webp|jpg|avif)$/;

export function localMediaStorage(root: string): MediaStorage & { root: string } {
  const resolve = (key: string) => {
    if (!KEY.test(key)) throw new Error(`invalid media key ${key}`);
    return path.join(root, key);
  };
  return {
    root,
    async has(key) {
      return stat(resolve(key)).then(
        () => true,
        () => false,
      );
    },
    async put(key, body) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename so a reader never sees half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, body);
      await rename(tmp, file);
    },
    async get(key) {
      return readFile(resolve(key)).catch(() => null);
    },
  };
}

/** Keeps renditions in memory: for measurements and tests, never for serving. */
export function memoryMediaStorage(): MediaStorage & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  return {
    files,
    async has(key) {
      return files.has(key);
    },
    async put(key, body) {
      if (!KEY.test(key)) throw new Error(`invalid media key ${key}`);
      files.set(key, body);
    },
    async get(key) {
      return files.get(key) ?? null;
    },
  };
}
