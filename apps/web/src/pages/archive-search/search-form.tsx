import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/button';
import { SEARCH_OPERATORS } from './archive-search.labels';

type TSearchFormProps = {
  query: string;
  onSearch: (query: string) => void;
  isSearching: boolean;
};

/** The search box, with Gmail's operators one click away: a click adds the example to the query. */
export function SearchForm({ query, onSearch, isSearching }: TSearchFormProps) {
  const id = useId();
  const [draft, setDraft] = useState(query);
  // Back and forward change the query in the address; the box follows.
  useEffect(() => setDraft(query), [query]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };
  return (
    <search>
      <form className="as-search" onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          Search the archive
        </label>
        <div className="as-search__row">
          <input
            id={id}
            type="search"
            className="input as-search__input"
            value={draft}
            placeholder='Search mail, e.g. from:anna has:attachment "budget"'
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setDraft(event.target.value)}
          />
          <Button type="submit" disabled={isSearching}>
            Search
          </Button>
        </div>
        <details className="as-search__tips">
          <summary>Search operators (as in Gmail)</summary>
          <ul className="as-search__operators">
            {SEARCH_OPERATORS.map((operator) => (
              <li key={operator.example}>
                <button
                  type="button"
                  className="as-search__operator"
                  onClick={() => setDraft((current) => `${current.trim()} ${operator.example}`.trim())}
                >
                  <code>{operator.example}</code>
                </button>
                <span className="text-muted">{operator.meaning}</span>
              </li>
            ))}
          </ul>
        </details>
      </form>
    </search>
  );
}
