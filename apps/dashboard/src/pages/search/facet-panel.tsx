import type { FacetDistribution } from "@orderlens/contracts";
import { formatCount } from "../../format/money";
import { type FacetKey, facetKeyOf, facetKeys } from "./search-url";

const legends: Record<FacetKey, string> = {
  status: "Status",
  region: "Region",
  currency: "Currency",
  month: "Month",
};

function FacetGroup(props: {
  facet: FacetKey;
  values: { value: string; count: bigint | undefined }[];
  onToggle: (facet: FacetKey, value: string) => void;
  selected: readonly string[];
}) {
  return (
    <fieldset className="facet" data-facet={props.facet}>
      <legend>{legends[props.facet]}</legend>
      {props.values.length === 0 && <p className="muted">none</p>}
      {props.values.map(({ value, count }) => (
        <label key={value} className="facet-value" data-value={value}>
          <input
            type="checkbox"
            checked={props.selected.includes(value)}
            onChange={() => props.onToggle(props.facet, value)}
          />
          <span>{value}</span>
          <span className="count">{count === undefined ? "" : formatCount(count)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Status, region, currency and month, each value with how many orders it would leave. */
export function FacetPanel(props: {
  distributions: readonly FacetDistribution[];
  filters: Record<FacetKey, string[]>;
  onToggle: (facet: FacetKey, value: string) => void;
}) {
  const counts = new Map(props.distributions.map((d) => [facetKeyOf(d.facet), d.values]));
  return (
    <aside className="facets" aria-label="Filters">
      {facetKeys.map((facet) => {
        const listed = counts.get(facet) ?? [];
        const values = [
          ...listed.map((v) => ({ value: v.value, count: v.count as bigint | undefined })),
          // A selected value the current result no longer contains still shows, to be unticked.
          ...props.filters[facet]
            .filter((s) => !listed.some((v) => v.value === s))
            .map((value) => ({ value, count: undefined })),
        ];
        if (facet === "month") values.sort((a, b) => b.value.localeCompare(a.value));
        return (
          <FacetGroup
            key={facet}
            facet={facet}
            values={values}
            selected={props.filters[facet]}
            onToggle={props.onToggle}
          />
        );
      })}
    </aside>
  );
}
