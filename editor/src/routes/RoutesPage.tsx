/**
 * The routes page: which called number, bot application or resource account reaches which flow,
 * as an editable table, published like a flow with `PUT /api/routes` — the engine validates it
 * (schema, live flows) and its problems are shown at the rows they are about. Only someone with
 * Flows.Publish may change it; everyone else reads it.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Modal } from '../app/Modal.tsx';
import { access } from '../access/access-store.ts';
import { ApiError } from '../files/engine-api.ts';
import { formatWhen } from '../history/history-words.ts';
import { routesApi, type PublishedRoutes } from './routes-api.ts';
import { emptyRow, localProblems, parseRoutes, placeProblems, routesText, type PlacedProblems, type RoutesDocument } from './routes-table.ts';
import { RouteRowFields } from './RouteRowFields.tsx';

interface RoutesPageProps {
  /** Ids of the flows the engine knows (the choices for a route's flow). */
  flows: string[];
  onClose: () => void;
}

const NO_PROBLEMS: PlacedProblems = { rows: new Map(), table: [] };

function moved<T>(rows: T[], index: number, step: -1 | 1): T[] {
  const next = [...rows];
  [next[index], next[index + step]] = [next[index + step], next[index]];
  return next;
}

export function RoutesPage({ flows, onClose }: RoutesPageProps) {
  const canPublish = useSyncExternalStore(access.subscribe, () => access.can('Flows.Publish'));
  const [published, setPublished] = useState<PublishedRoutes>();
  const [doc, setDoc] = useState<RoutesDocument>();
  const [problems, setProblems] = useState<PlacedProblems>(NO_PROBLEMS);
  const [message, setMessage] = useState<{ text: string; error?: boolean; stale?: boolean }>();
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);

  const load = useCallback(async () => {
    const answer = await routesApi.read();
    setPublished(answer);
    setChanged(false);
    try {
      setDoc(parseRoutes(answer.text));
      setProblems({ rows: new Map(), table: answer.problems });
    } catch (error) {
      setDoc({ rows: [] });
      setProblems({ rows: new Map(), table: [`The published routes cannot be read: ${(error as Error).message}`] });
    }
  }, []);
  useEffect(() => {
    load().catch((error: Error) => setMessage({ text: `The routes cannot be read: ${error.message}`, error: true }));
  }, [load]);

  const update = (next: RoutesDocument) => {
    setDoc(next);
    setChanged(true);
    setMessage(undefined);
  };

  const publish = async () => {
    if (!doc || !published) return;
    const local = localProblems(doc.rows);
    if (local.size) {
      setProblems({ rows: local, table: [] });
      setMessage({ text: 'Fix the problems shown at the routes first; nothing was published.', error: true });
      return;
    }
    setBusy(true);
    try {
      const answer = await routesApi.publish(routesText(doc), published.number);
      await load();
      setMessage({ text: `Published as routes table ${answer.number}.${answer.warning ? ` ${answer.warning}` : ''}` });
    } catch (error) {
      const refusal = error instanceof ApiError ? error : undefined;
      const listed = (refusal?.body.problems ?? []) as unknown[];
      if (refusal?.status === 422) setProblems(placeProblems(listed.map(String), doc.rows));
      setMessage({
        text:
          refusal?.status === 412
            ? 'Someone else published the routes since you opened them; nothing was published. Read theirs, then make your change again.'
            : refusal?.status === 422
              ? `The engine refused the table: ${(error as Error).message}.`
              : `Nothing was published: ${(error as Error).message}`,
        error: true,
        stale: refusal?.status === 412,
      });
    } finally {
      setBusy(false);
    }
  };

  const disabled = !canPublish || busy;
  const close = () => (!changed || confirm('Discard your changes to the routes?')) && onClose();
  return (
    <Modal title="Routes" wide onClose={close}>
      <div className="routes-page nokey">
        <p className="routes-intro">
          Which flow answers a call, chosen by what was called: the first route whose every given field matches wins.
          {published?.author && published.at && (
            <>
              {' '}
              Routes table {published.number}, published by {published.author} at {formatWhen(published.at)}.
            </>
          )}
        </p>
        {!canPublish && <p className="notice">Changing the routes needs the Flows.Publish role: you can read them.</p>}
        {problems.table.length > 0 && (
          <ul className="route-problems" role="alert" aria-label="Problems with the routes">
            {problems.table.map((problem, index) => (
              <li key={index}>{problem}</li>
            ))}
          </ul>
        )}
        {!doc && !message && <p className="notice">Reading the routes…</p>}
        {doc && (
          <ol className="route-rows" aria-label="Routes">
            {doc.rows.map((row, index) => (
              <RouteRowFields
                key={row.key}
                row={row}
                index={index}
                flows={flows}
                problems={problems.rows.get(index) ?? []}
                disabled={disabled}
                onChange={(next) => update({ ...doc, rows: doc.rows.map((item) => (item.key === row.key ? next : item)) })}
                onRemove={() => update({ ...doc, rows: doc.rows.filter((item) => item.key !== row.key) })}
                onMove={(step) => update({ ...doc, rows: moved(doc.rows, index, step) })}
                last={index === doc.rows.length - 1}
              />
            ))}
          </ol>
        )}
        {message && (
          <p className={message.error ? 'notice is-error' : 'notice is-done'} role={message.error ? 'alert' : 'status'}>
            {message.text}{' '}
            {message.stale && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  setMessage(undefined);
                  load().catch((error: Error) => setMessage({ text: `The routes cannot be read: ${error.message}`, error: true }));
                }}
              >
                Read the published routes
              </button>
            )}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" disabled={disabled || !doc} onClick={() => doc && update({ ...doc, rows: [...doc.rows, emptyRow()] })}>
            Add a route
          </button>
          <span className="toolbar-gap" />
          <button type="button" className="secondary" onClick={close}>
            Close
          </button>
          <button
            type="button"
            className="primary"
            disabled={disabled || !doc || !changed}
            title={canPublish ? undefined : 'Publishing the routes needs the Flows.Publish role'}
            onClick={() => void publish()}
          >
            Publish routes
          </button>
        </div>
      </div>
    </Modal>
  );
}
