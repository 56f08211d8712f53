// The archive in S3. The SDK is not bundled (the Lambda runtime provides @aws-sdk/*) and is loaded
// only by code that touches the archive: the scheduled jobs, a premium export and "clear all".
//
// Conditional writes (S3 supports If-Match / If-None-Match on PutObject): If-None-Match: * when
// the writer saw no object, If-Match: <etag> when it read one. A 412 (or 409 for two conditional
// writes racing) becomes ArchiveConflictError and the job retries that month from a fresh read.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { ArchiveConflictError, type ArchiveObject, type ArchiveStore } from "./archive-store";

let client: S3Client | undefined;

export class S3ArchiveStore implements ArchiveStore {
  readonly kind = "s3";
  private readonly s3: S3Client;

  constructor(
    readonly bucket: string,
    s3?: S3Client,
  ) {
    // One client per container: it keeps its connections (and credentials) between invocations.
    this.s3 = s3 ?? (client ??= new S3Client({}));
  }

  async read(key: string): Promise<ArchiveObject | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body || !object.ETag) throw new Error(`S3 returned no body or ETag for ${key}`);
      return { body: await object.Body.transformToByteArray(), etag: object.ETag };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)) return null;
      throw error;
    }
  }

  async write(key: string, body: Uint8Array, expected: string | null): Promise<string> {
    try {
      const written = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          // Not Content-Encoding: gzip, which would make some clients unzip it on download.
          ContentType: "application/gzip",
          ...(expected === null ? { IfNoneMatch: "*" } : { IfMatch: expected }),
        }),
      );
      if (!written.ETag) throw new Error(`S3 returned no ETag for ${key}`);
      return written.ETag;
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 412 || status === 409) throw new ArchiveConflictError(key);
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
