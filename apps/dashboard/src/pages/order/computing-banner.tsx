import type { AwaitState } from "../../live/use-await-version";
import type { AwaitedCommand } from "./command-trace";

/** Between a command and its projection: what is awaited, and the trace to quote if it hangs. */
export function ComputingBanner(props: { awaited: AwaitedCommand; state: AwaitState }) {
  const { awaited, state } = props;
  return (
    <div className="computing" role="status" data-testid="computing">
      <p>
        <strong>computing…</strong> waiting for the projection to reach version{" "}
        {String(awaited.version)}
        {awaited.position && (
          <>
            {" "}
            (trace: event position <code data-testid="trace-position">{awaited.position}</code>)
          </>
        )}
      </p>
      {state.rounds > 1 && <p className="muted">Still waiting after {state.rounds} checks.</p>}
      {state.lastError && (
        <p className="muted">
          Last check failed ({state.lastError.code}: {state.lastError.message}); trying again.
        </p>
      )}
    </div>
  );
}
