/**
 * Recordings in an Azure Blob Storage container (CALLFLOW_RECORDINGS_BLOB_URL), through Microsoft's
 * @azure/storage-blob. Every engine of a cluster reaches the same container, so a recording one
 * engine downloaded is served by whichever engine Graph's playback request or an operator reaches;
 * the folder store (recording-store.ts) holds only what its own machine downloaded.
 *
 * Blob names are the folder store's paths, `<call id>/<name>.wav`: a call's recordings are listed
 * by the prefix `<call id>/` (List Blobs' `prefix`, learn.microsoft.com/rest/api/storageservices/
 * list-blobs). A recording is written with one Put Blob (uploadData sends data under its 256 MiB
 * single-shot size in one request), which commits the whole blob at once: a reader never sees half.
 *
 * Retention goes by each blob's Last-Modified, which List Blobs returns for every blob without a
 * request per blob. The service sets it when the blob is written — a repeated download refreshes it,
 * as the folder store's mtime — so neither an engine's clock nor a metadata field a copy tool might
 * drop decides what is deleted. It has a second's precision, nothing next to days of retention.
 *
 * Errors name the container, the operation and the service's status and error code (or the
 * network's), never the service's message: it can quote the request's signature.
 */
import type { TokenCredential } from '@azure/identity';
import { ContainerClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError } from '../config.ts';
import type { BlobRecordingSettings } from '../config-recordings.ts';
import { isSafeKey, type RecordingKey, type RecordingStore } from './recording-store.ts';

/** Few quick retries: a recording is downloaded while the caller waits for the flow's next step. */
const RETRY: StoragePipelineOptions['retryOptions'] = { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 30_000 };

/**
 * The store the settings name: with a connection string, the account it names (its key or SAS signs
 * every request); without one, the bot's app registration, which needs a data role on the container
 * (Storage Blob Data Contributor). The connection string must name the container's own endpoint, so
 * the URL operators read in the settings is where recordings go.
 */
export function blobRecordingStore(settings: BlobRecordingSettings, appCredential: TokenCredential | undefined): BlobRecordingStore {
  const options: StoragePipelineOptions = { retryOptions: RETRY };
  if (settings.connectionString) {
    let container: ContainerClient;
    try {
      container = new ContainerClient(settings.connectionString, settings.containerName, options);
    } catch {
      // The SDK's message may quote the string; only its name is said.
      throw new ConfigError(['AZURE_STORAGE_CONNECTION_STRING: the storage SDK cannot read it as a connection string']);
    }
    const named = container.url.split('?')[0];
    if (named !== settings.containerUrl)
      throw new ConfigError([`CALLFLOW_RECORDINGS_BLOB_URL: ${settings.containerUrl}, but AZURE_STORAGE_CONNECTION_STRING names ${named}`]);
    return new BlobRecordingStore(container);
  }
  if (!appCredential)
    throw new ConfigError([
      "CALLFLOW_RECORDINGS_BLOB_URL: needs AZURE_STORAGE_CONNECTION_STRING or the bot's app registration (AZURE_TENANT_ID, AZURE_CLIENT_ID)",
    ]);
  return new BlobRecordingStore(new ContainerClient(settings.containerUrl, appCredential, options));
}

export class BlobRecordingStore implements RecordingStore {
  /** The container's URL without a query: a SAS from a connection string stays out of messages. */
  readonly label: string;

  constructor(private readonly container: ContainerClient) {
    this.label = container.url.split('?')[0] ?? container.url;
  }

  async put(key: RecordingKey, bytes: Buffer): Promise<void> {
    if (!isSafeKey(key)) throw new Error(`not a recording's name: '${key.callId}/${key.name}'`);
    const blob = this.container.getBlockBlobClient(blobName(key));
    const upload = () => blob.uploadData(bytes, { blobHTTPHeaders: { blobContentType: 'audio/wav' } });
    try {
      await upload();
    } catch (error) {
      if (!(error instanceof RestError && error.code === 'ContainerNotFound')) throw this.failure('keeping a recording', error);
      // A new account has no container yet: made on the first recording, as the folder store makes its folder.
      await this.container.createIfNotExists().catch((cause: unknown) => Promise.reject(this.failure('creating the container', cause)));
      await upload().catch((cause: unknown) => Promise.reject(this.failure('keeping a recording', cause)));
    }
  }

  async read(key: RecordingKey): Promise<Buffer | undefined> {
    if (!isSafeKey(key)) return undefined;
    try {
      const response = await this.container.getBlobClient(blobName(key)).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw this.failure('reading a recording', error);
    }
  }

  async list(callId: string): Promise<string[]> {
    if (!isSafeKey({ callId, name: 'x' })) return [];
    const names: string[] = [];
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix: `${callId}/` })) {
        const name = blob.name.slice(callId.length + 1);
        if (name.endsWith('.wav') && isSafeKey({ callId, name })) names.push(name);
      }
    } catch (error) {
      if (error instanceof RestError && error.code === 'ContainerNotFound') return [];
      throw this.failure('listing recordings', error);
    }
    return names.sort();
  }

  async removeOlderThan(cutoffMs: number): Promise<string[]> {
    const calls = new Map<string, { newest: number; blobs: string[] }>();
    try {
      for await (const blob of this.container.listBlobsFlat()) {
        const slash = blob.name.indexOf('/');
        const key = { callId: blob.name.slice(0, slash), name: blob.name.slice(slash + 1) };
        // Only what this store wrote: anything else someone keeps in the container is left alone.
        if (slash < 0 || !isSafeKey(key) || !key.name.endsWith('.wav')) continue;
        const call = calls.get(key.callId) ?? { newest: 0, blobs: [] };
        call.newest = Math.max(call.newest, blob.properties.lastModified.getTime());
        call.blobs.push(blob.name);
        calls.set(key.callId, call);
      }
      const removed: string[] = [];
      for (const [callId, call] of calls) {
        if (call.newest >= cutoffMs) continue;
        // deleteIfExists: a blob another engine's pruning removed first is no error.
        for (const name of call.blobs) await this.container.getBlobClient(name).deleteIfExists({ deleteSnapshots: 'include' });
        removed.push(callId);
      }
      return removed.sort();
    } catch (error) {
      if (error instanceof RestError && error.code === 'ContainerNotFound') return [];
      throw this.failure('removing old recordings', error);
    }
  }

  /** One Get Container Properties: the account answers and takes the credentials (a data role, a key or a SAS). */
  async probe(): Promise<string> {
    try {
      await this.container.getProperties();
      return `the container ${this.label} answers`;
    } catch (error) {
      // Made on the first recording (put); the answer proves the account and the credentials.
      if (error instanceof RestError && error.code === 'ContainerNotFound')
        return `the account answers; the container ${this.label} is made on the first recording`;
      throw this.failure('reading the container', error);
    }
  }

  private failure(doing: string, error: unknown): Error {
    return new Error(`Blob Storage ${this.label}: ${doing} failed (${reasonOf(error)})`);
  }
}

/** The blob of a recording: the folder store's path. */
const blobName = (key: RecordingKey) => `${key.callId}/${key.name}`;

/** `403 AuthorizationFailure`, `ECONNREFUSED`: what went wrong, without the service's text. */
function reasonOf(error: unknown): string {
  if (error instanceof RestError) {
    if (error.statusCode) return `${error.statusCode}${error.code ? ` ${error.code}` : ''}`;
    return `unreachable: ${error.code ?? 'no answer'}`;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? `unreachable: ${code}` : 'no answer';
}
