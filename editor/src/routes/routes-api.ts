/** The published routes table (engine/server/routes-router.ts), read and published through engineRequest. */
import { engineRequest } from '../files/engine-api.ts';

export interface PublishedRoutes {
  text: string;
  /** Compare-and-set: a publish names the number it started from (`If-Match`). */
  number: number;
  author: string | null;
  at: number | null;
  /** Why routes.json on disk cannot be used, when it cannot. */
  problems: string[];
}

export const routesApi = {
  read: () => engineRequest<PublishedRoutes>('GET', '/api/routes'),
  publish: (text: string, number: number) => engineRequest<{ number: number; warning?: string }>('PUT', '/api/routes', { text }, { 'if-match': `"${number}"` }),
};
