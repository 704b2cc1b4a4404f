import { useQuery } from "@connectrpc/connect-query";
import { ReportQueryService } from "@orderlens/contracts";
import { keepPreviousData } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { ErrorPanel } from "../../errors/error-panel";
import { formatCount } from "../../format/money";
import { FacetPanel } from "./facet-panel";
import { ResultsTable } from "./results-table";
import {
  parseSearchState,
  type SearchState,
  type SortKey,
  searchQuery,
  searchRequest,
  sorts,
  toggleFilter,
} from "./search-url";

function SearchForm(props: { state: SearchState; onChange: (state: SearchState) => void }) {
  const id = useId();
  const [text, setText] = useState(props.state.q);
  useEffect(() => setText(props.state.q), [props.state.q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onChange({ ...props.state, q: text.trim(), page: 1 });
  };
  return (
    <form className="controls" aria-label="Search orders" onSubmit={submit}>
      <div className="field grow">
        <label htmlFor={`${id}-q`}>Orders, customers, regions, products</label>
        <input
          id={`${id}-q`}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <button type="submit">Search</button>
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort</label>
        <select
          id={`${id}-sort`}
          value={props.state.sort}
          onChange={(e) =>
            props.onChange({ ...props.state, sort: e.target.value as SortKey, page: 1 })
          }
        >
          {Object.entries(sorts).map(([key, s]) => (
            <option key={key} value={key}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

function Pager(props: { page: number; totalPages: number; onPage: (page: number) => void }) {
  const { page, totalPages } = props;
  return (
    <nav className="pager" aria-label="Result pages">
      <button type="button" disabled={page <= 1} onClick={() => props.onPage(page - 1)}>
        Previous
      </button>
      <span data-testid="page-of">
        Page {page} of {Math.max(1, totalPages)}
      </span>
      <button type="button" disabled={page >= totalPages} onClick={() => props.onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

export function SearchPage() {
  const state = parseSearchState(useSearch());
  const [, navigate] = useLocation();
  const go = (next: SearchState) => {
    const query = searchQuery(next);
    navigate(query ? `/search?${query}` : "/search");
  };
  const result = useQuery(ReportQueryService.method.searchOrders, searchRequest(state), {
    placeholderData: keepPreviousData,
  });
  const data = result.data;
  return (
    <>
      <h1>Search orders</h1>
      <SearchForm state={state} onChange={go} />
      {result.error && <ErrorPanel error={result.error} />}
      <div className="search-layout">
        <FacetPanel
          distributions={data?.facets ?? []}
          filters={state.filters}
          onToggle={(facet, value) => go(toggleFilter(state, facet, value))}
        />
        <section className="panel grow" aria-label="Results" aria-busy={result.isFetching}>
          {!data && !result.error && <p className="muted">Loading…</p>}
          {data && (
            <>
              <p data-testid="total-hits" data-total={String(data.totalHits)}>
                {formatCount(data.totalHits)} {data.totalHits === 1n ? "order" : "orders"}
                <span className="muted"> · {data.processingTimeMs} ms in the search engine</span>
              </p>
              <ResultsTable orders={data.orders} />
              <Pager
                page={data.page || state.page}
                totalPages={data.totalPages}
                onPage={(page) => go({ ...state, page })}
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}
