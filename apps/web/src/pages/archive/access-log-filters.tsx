import { type FormEvent, useState } from 'react';
import type { TAccessLogFilters, TArchiveAccessAction, TArchiveAccessResult } from '../../api/access-log';
import { Button } from '../../components/button';
import {
  ACCESS_ACTION_LABEL,
  ACCESS_RESULT,
  dayRangeToInstants,
} from '../archive-search/archive-search.labels';

export const NO_FILTERS: TAccessLogFilters = { actor: '', action: '', result: '', since: '', until: '' };

type TDraft = { actor: string; action: string; result: string; from: string; to: string };
const EMPTY_DRAFT: TDraft = { actor: '', action: '', result: '', from: '', to: '' };

/** Who, what kind, which result and which days; applied together, so each change is one query. */
export function AccessLogFilters({ onApply }: { onApply: (filters: TAccessLogFilters) => void }) {
  const [draft, setDraft] = useState<TDraft>(EMPTY_DRAFT);
  const set = (key: keyof TDraft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      actor: draft.actor,
      action: draft.action as TArchiveAccessAction | '',
      result: draft.result as TArchiveAccessResult | '',
      ...dayRangeToInstants(draft.from, draft.to),
    });
  };
  return (
    <form className="al-filters" onSubmit={submit} aria-label="Filter the access log">
      <label className="al-filters__field">
        <span className="field__label">Who</span>
        <input
          className="input"
          value={draft.actor}
          onChange={set('actor')}
          placeholder="user name, or part of it"
        />
      </label>
      <label className="al-filters__field">
        <span className="field__label">Kind</span>
        <select className="input" value={draft.action} onChange={set('action')}>
          <option value="">Every kind</option>
          {Object.entries(ACCESS_ACTION_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="al-filters__field">
        <span className="field__label">Result</span>
        <select className="input" value={draft.result} onChange={set('result')}>
          <option value="">Any result</option>
          {Object.entries(ACCESS_RESULT).map(([value, result]) => (
            <option key={value} value={value}>
              {result.text}
            </option>
          ))}
        </select>
      </label>
      <label className="al-filters__field">
        <span className="field__label">From day</span>
        <input className="input" type="date" value={draft.from} onChange={set('from')} />
      </label>
      <label className="al-filters__field">
        <span className="field__label">To day</span>
        <input className="input" type="date" value={draft.to} onChange={set('to')} />
      </label>
      <div className="al-filters__actions">
        <Button type="submit">Filter</Button>
        <Button
          variant="ghost"
          onClick={() => {
            setDraft(EMPTY_DRAFT);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
