// A stateful in-memory S3 bucket behind aws-sdk-client-mock: PutObject (with If-Match /
// If-None-Match, as S3 does them), GetObject, ListObjectsV2 (paged), DeleteObject. Every S3Client
// in the process talks to it while installed.
import { createHash } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type DeleteObjectCommandInput,
  type GetObjectCommandInput,
  type ListObjectsV2CommandInput,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

type Stored = { body: Uint8Array; etag: string };

function preconditionFailed(key: string): S3ServiceException {
  return new S3ServiceException({ name: "PreconditionFailed", $fault: "client", $metadata: { httpStatusCode: 412 }, message: `At least one of the pre-conditions you specified did not hold (${key})` });
}

export function installFakeS3(bucket: string) {
  const objects = new Map<string, Stored>();
  const mock = mockClient(S3Client);
  /** How many of the next PutObject calls fail as a network error would (S3 down). */
  const faults = { failPuts: 0 };
  const checkBucket = (name: string | undefined) => {
    if (name !== bucket) throw new S3ServiceException({ name: "NoSuchBucket", $fault: "client", $metadata: { httpStatusCode: 404 }, message: String(name) });
  };

  mock.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
    checkBucket(input.Bucket);
    if (faults.failPuts > 0) {
      faults.failPuts--;
      throw new Error("connect ECONNREFUSED (simulated S3 outage)");
    }
    const key = input.Key as string;
    const current = objects.get(key);
    if (input.IfNoneMatch === "*" && current) throw preconditionFailed(key);
    if (input.IfMatch !== undefined && current?.etag !== input.IfMatch) throw preconditionFailed(key);
    const body = input.Body instanceof Uint8Array ? input.Body : Buffer.from(String(input.Body));
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    objects.set(key, { body: Uint8Array.from(body), etag });
    return { ETag: etag };
  });
  mock.on(GetObjectCommand).callsFake(async (input: GetObjectCommandInput) => {
    checkBucket(input.Bucket);
    const object = objects.get(input.Key as string);
    if (!object) throw new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: "The specified key does not exist." });
    return { ETag: object.etag, Body: { transformToByteArray: async () => object.body } };
  });
  mock.on(ListObjectsV2Command).callsFake(async (input: ListObjectsV2CommandInput) => {
    checkBucket(input.Bucket);
    // Small pages, so the paging code is exercised.
    const pageSize = 2;
    const keys = [...objects.keys()].filter((key) => key.startsWith(input.Prefix ?? "")).sort();
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = keys.slice(start, start + pageSize);
    const more = start + pageSize < keys.length;
    return { Contents: page.map((Key) => ({ Key })), IsTruncated: more, NextContinuationToken: more ? String(start + pageSize) : undefined, KeyCount: page.length };
  });
  mock.on(DeleteObjectCommand).callsFake(async (input: DeleteObjectCommandInput) => {
    checkBucket(input.Bucket);
    objects.delete(input.Key as string);
    return {};
  });
  return { objects, mock, faults, restore: () => mock.restore() };
}
