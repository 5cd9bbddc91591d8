/** What the stores on S3-compatible object storage (attachments, archive records) share: the client, a missing object, the retention sweep. */
import { DeleteObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';

export interface S3Location {
  bucket: string;
  /** @default "us-east-1" */
  region?: string;
  /** An S3-compatible endpoint (MinIO, moto, Ceph…); AWS's own when absent. */
  endpoint?: string;
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`), which most S3-compatible servers need. @default true with an endpoint */
  forcePathStyle?: boolean;
  /** A client of the caller's (tests); one from the options otherwise. */
  client?: S3Client;
}

/** The caller's client, or one for the location; credentials come from the AWS SDK's default chain. */
export function s3ClientOf(location: S3Location): S3Client {
  return (
    location.client ??
    new S3Client({
      region: location.region ?? 'us-east-1',
      ...(location.endpoint && { endpoint: location.endpoint }),
      forcePathStyle: location.forcePathStyle ?? location.endpoint !== undefined,
    })
  );
}

/** Whether a get or head failed because there is no such object. */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/**
 * Deletes the objects under `prefix` last written before `cutoff` whose name (the key after the
 * prefix) `isOurs` accepts, page by page; how many went.
 */
export async function deleteObjectsStoredBefore(
  client: S3Client,
  bucket: string,
  prefix: string,
  cutoff: Date,
  isOurs: (name: string) => boolean = () => true,
): Promise<number> {
  let deleted = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
    for (const object of page.Contents ?? []) {
      if (!object.Key || !object.LastModified || object.LastModified >= cutoff || !isOurs(object.Key.slice(prefix.length))) continue;
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
      deleted++;
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return deleted;
}
