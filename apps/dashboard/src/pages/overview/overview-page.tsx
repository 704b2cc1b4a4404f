import { useLocation, useSearch } from "wouter";
import { TextField } from "../../ui/text-field";
import { MonthlyRevenue } from "./monthly-revenue";
import { type OverviewState, overviewSearch, parseOverviewSearch } from "./overview-url";
import { RegionSplit } from "./region-split";
import { TopProducts } from "./top-products";

/** A month input; an emptied one keeps the last month (every report needs one). */
function MonthField(props: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextField
      type="month"
      label={props.label}
      value={props.value}
      onChange={(value) => {
        if (value) props.onChange(value);
      }}
    />
  );
}

export function OverviewPage() {
  const state = parseOverviewSearch(useSearch());
  const [, navigate] = useLocation();
  const update = (change: Partial<OverviewState>) =>
    navigate(`/?${overviewSearch({ ...state, ...change })}`, { replace: true });
  return (
    <>
      <h1>Sales overview</h1>
      <form className="controls" aria-label="Report months" onSubmit={(e) => e.preventDefault()}>
        <MonthField label="Revenue from" value={state.from} onChange={(from) => update({ from })} />
        <MonthField label="Revenue to" value={state.to} onChange={(to) => update({ to })} />
        <MonthField
          label="Products and regions in"
          value={state.month}
          onChange={(month) => update({ month })}
        />
      </form>
      <MonthlyRevenue from={state.from} to={state.to} />
      <div className="columns">
        <TopProducts month={state.month} />
        <RegionSplit month={state.month} />
      </div>
    </>
  );
}
