import { addMonths, currentMonth, isMonth } from "../../format/months";

/** What the overview shows; all of it is in the URL, so a view can be shared. */
export interface OverviewState {
  /** The revenue chart's months, inclusive. */
  from: string;
  to: string;
  /** The month of the top products and the region split. */
  month: string;
}

export function parseOverviewSearch(search: string, now: Date = new Date()): OverviewState {
  const params = new URLSearchParams(search);
  const get = (name: string) => {
    const value = params.get(name);
    return isMonth(value) ? value : undefined;
  };
  const to = get("to") ?? currentMonth(now);
  let from = get("from") ?? addMonths(to, -11);
  if (from > to) from = to;
  return { from, to, month: get("month") ?? to };
}

export function overviewSearch(state: OverviewState): string {
  return new URLSearchParams({ from: state.from, to: state.to, month: state.month }).toString();
}
