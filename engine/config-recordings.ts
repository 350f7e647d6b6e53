/**
 * Configuration of where the engine keeps callers' recordings: a folder (CALLFLOW_RECORDINGS_DIR,
 * the default) or an Azure Blob Storage container (CALLFLOW_RECORDINGS_BLOB_URL), which every engine
 * of a cluster reaches alike. Read with the rest of the configuration (config.ts); the stores live
 * in engine/node (recording-store.ts, blob-recording-store.ts).
 *
 * The container's credentials are the account's connection string (AZURE_STORAGE_CONNECTION_STRING,
 * which holds the account key or a SAS) or, without one, the bot's app registration through
 * @azure/identity. Problems name the variable, never its value: the connection string is a secret.
 */
import { resolve } from 'node:path';

export interface BlobRecordingSettings {
  /** CALLFLOW_RECORDINGS_BLOB_URL without a trailing slash, e.g. `https://contoso.blob.core.windows.net/recordings`. */
  containerUrl: string;
  /** The container's name: the URL's last path segment. */
  containerName: string;
  /** AZURE_STORAGE_CONNECTION_STRING: a secret, never logged; without it the bot's app registration signs in. */
  connectionString?: string;
}

export interface RecordingSettings {
  /** CALLFLOW_RECORDINGS_DIR [data/recordings], used when no container is configured. */
  dir: string;
  /** CALLFLOW_RECORDING_RETENTION_DAYS in milliseconds. */
  retentionMs: number;
  blob?: BlobRecordingSettings;
}

type Text = (name: string) => string | undefined;

/** Blob Storage's container names: 3 to 63 lower-case letters, digits and single dashes, starting and ending with a letter or digit. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

export function parseRecordings(text: Text, retentionMs: number, problems: string[]): RecordingSettings {
  const dir = resolve(text('CALLFLOW_RECORDINGS_DIR') ?? 'data/recordings');
  const blobUrl = text('CALLFLOW_RECORDINGS_BLOB_URL');
  const connectionString = text('AZURE_STORAGE_CONNECTION_STRING');
  if (!blobUrl) return { dir, retentionMs };
  const blob = parseContainerUrl(blobUrl, problems);
  if (connectionString && !/(^|;)\s*(AccountKey|SharedAccessSignature)=|(^|;)\s*UseDevelopmentStorage=true/i.test(connectionString))
    problems.push('AZURE_STORAGE_CONNECTION_STRING: not a storage connection string (it names neither AccountKey nor SharedAccessSignature)');
  return { dir, retentionMs, blob: blob && { ...blob, ...(connectionString ? { connectionString } : {}) } };
}

function parseContainerUrl(value: string, problems: string[]): { containerUrl: string; containerName: string } | undefined {
  const name = 'CALLFLOW_RECORDINGS_BLOB_URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: not a URL; give the container's, e.g. https://contoso.blob.core.windows.net/recordings`);
    return undefined;
  }
  // A SAS or a password in the URL would be a secret in a setting that is printed; they belong in the connection string.
  if (url.search || url.hash || url.username || url.password) {
    problems.push(`${name}: the container's URL without a query or credentials (put a SAS in AZURE_STORAGE_CONNECTION_STRING)`);
    return undefined;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    problems.push(`${name}: https, or http on this machine only (Azurite)`);
    return undefined;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const containerName = segments.at(-1) ?? '';
  if (!CONTAINER_NAME.test(containerName) || segments.length > 2) {
    problems.push(`${name}: ends in a container's name (3-63 lower-case letters, digits and dashes), e.g. https://contoso.blob.core.windows.net/recordings`);
    return undefined;
  }
  return { containerUrl: `${url.origin}/${segments.join('/')}`, containerName };
}
