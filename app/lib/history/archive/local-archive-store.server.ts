// The archive in a local folder, for development and tests (no bucket configured). Same contract
// as S3: whole-object writes (a temporary file renamed into place, so a crash never leaves half an
// object) and conditional writes on an ETag (sha-256 of the content). The check and the rename
// are not atomic together: good enough for one developer's machine, which is all this is for.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ArchiveConflictError, type ArchiveObject, type ArchiveStore } from "./archive-store";

const etagOf = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

export class LocalArchiveStore implements ArchiveStore {
  readonly kind = "local";
  constructor(readonly root: string) {}

  private file(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Archive key escapes the folder: ${key}`);
    return file;
  }

  async read(key: string): Promise<ArchiveObject | null> {
    try {
      const body = await readFile(this.file(key));
      return { body, etag: etagOf(body) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async write(key: string, body: Uint8Array, expected: string | null): Promise<string> {
    const current = await this.read(key);
    if ((current?.etag ?? null) !== expected) throw new ArchiveConflictError(key);
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, file);
    return etagOf(body);
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.endsWith(".tmp")) keys.push(path.relative(this.root, full).split(path.sep).join("/"));
      }
    };
    // Start from the deepest folder the prefix names, then filter on the full prefix.
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    await walk(folder ? this.file(folder) : path.resolve(this.root));
    return keys.filter((key) => key.startsWith(prefix)).sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
