/** The simulator's answers to the flow's web requests: fail, a typed answer, or one from the flow's tests. */
import type { HttpMock } from '../../../engine/core/sim/world.ts';
import { describeAnswer, type HttpAnswer, type HttpRequestState } from './http-answers.ts';

interface HttpAnswersProps {
  requests: HttpRequestState[];
  canned: HttpMock[];
  answers: Record<string, HttpAnswer>;
  onChange: (answers: Record<string, HttpAnswer>) => void;
  disabled: boolean;
}

export function HttpAnswers({ requests, canned, answers, onChange, disabled }: HttpAnswersProps) {
  if (!requests.length) return null;
  const set = (state: string, answer: HttpAnswer) => onChange({ ...answers, [state]: answer });
  return (
    <fieldset className="sim-http" disabled={disabled}>
      <legend>Web request answers</legend>
      {requests.map((request) => {
        const answer = answers[request.state] ?? { kind: 'fail' };
        const value = answer.kind === 'canned' ? `canned:${answer.index}` : answer.kind;
        return (
          <div key={request.state} className="sim-http-row">
            <p className="help">
              <strong>{request.state}</strong> {request.method} {request.url}
            </p>
            <label>
              Answer for {request.state}
              <select
                value={value}
                onChange={(event) => {
                  const chosen = event.target.value;
                  if (chosen === 'fail') set(request.state, { kind: 'fail' });
                  else if (chosen === 'typed') set(request.state, { kind: 'typed', status: '200', body: '' });
                  else set(request.state, { kind: 'canned', index: Number(chosen.slice('canned:'.length)) });
                }}
              >
                <option value="fail">No answer: the request fails</option>
                <option value="typed">Type an answer</option>
                {canned.map((mock, index) => (
                  <option key={index} value={`canned:${index}`}>
                    From a test: {describeAnswer(mock)}
                  </option>
                ))}
              </select>
            </label>
            {answer.kind === 'typed' && (
              <>
                <label>
                  Status for {request.state}
                  <input inputMode="numeric" value={answer.status} onChange={(event) => set(request.state, { ...answer, status: event.target.value })} />
                </label>
                <label>
                  Body for {request.state}
                  <textarea rows={2} className="mono" value={answer.body} onChange={(event) => set(request.state, { ...answer, body: event.target.value })} />
                </label>
              </>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
