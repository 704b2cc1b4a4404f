import { useMutation, useQuery } from "@connectrpc/connect-query";
import { type GetRebuildStatusResponse, ProjectorAdmin, RebuildPhase } from "@orderlens/contracts";
import { useId } from "react";
import { ErrorPanel } from "../../errors/error-panel";
import { formatCount, formatUtc } from "../../format/money";
import { useServices } from "../../services/services-context";
import { ConfirmButton } from "../../ui/confirm-button";

const phaseText: Record<RebuildPhase, string> = {
  [RebuildPhase.UNSPECIFIED]: "unknown",
  [RebuildPhase.IDLE]: "no rebuild since the projector started",
  [RebuildPhase.REPLAYING]: "replaying the event store",
  [RebuildPhase.SWAPPING]: "swapping the new indexes in",
  [RebuildPhase.DONE]: "done",
  [RebuildPhase.FAILED]: "failed",
};

const running = (phase: RebuildPhase | undefined) =>
  phase === RebuildPhase.REPLAYING || phase === RebuildPhase.SWAPPING;

function Progress(props: { status: GetRebuildStatusResponse }) {
  const s = props.status;
  return (
    <div data-testid="rebuild-status" data-phase={RebuildPhase[s.phase]}>
      <p>
        Phase: <strong>{phaseText[s.phase]}</strong>
        {s.generation && <span className="muted"> · generation {s.generation}</span>}
      </p>
      {s.phase !== RebuildPhase.IDLE && (
        <>
          <label className="progress">
            Events replayed: {formatCount(s.eventsReplayed)} of {formatCount(s.eventsTotal)}
            <progress value={Number(s.eventsReplayed)} max={Math.max(1, Number(s.eventsTotal))} />
          </label>
          <p>
            Documents written: {formatCount(s.documentsWritten)} · started {formatUtc(s.startedAt)}
            {s.finishedAt && <> · finished {formatUtc(s.finishedAt)}</>}
          </p>
        </>
      )}
      {s.error && <p className="error-message">{s.error}</p>}
    </div>
  );
}

/** Rebuild answers only when it has finished; its progress comes from GetRebuildStatus meanwhile. */
export function RebuildPanel() {
  const id = useId();
  const { projector } = useServices();
  const rebuild = useMutation(ProjectorAdmin.method.rebuild, { transport: projector });
  const status = useQuery(
    ProjectorAdmin.method.getRebuildStatus,
    {},
    {
      transport: projector,
      refetchInterval: (q) => (rebuild.isPending || running(q.state.data?.phase) ? 500 : false),
    },
  );
  return (
    <section className="panel" aria-labelledby={id} data-testid="rebuild">
      <h2 id={id}>Rebuild</h2>
      <p>
        Replays the event store into new indexes while the live ones keep serving, then swaps them
        in at once. Use it after Meilisearch lost or mangled data, or when Verify finds differences.
      </p>
      {status.data && <Progress status={status.data} />}
      {status.error && <ErrorPanel error={status.error} context="Rebuild status" />}
      <div className="actions">
        <ConfirmButton
          label="Rebuild indexes"
          disabled={rebuild.isPending || running(status.data?.phase)}
          title="Rebuild every index?"
          confirmLabel="Rebuild"
          onConfirm={() => rebuild.mutate({}, { onSettled: () => void status.refetch() })}
        >
          <p>
            The whole event store is replayed; on a large store this takes minutes. Reports keep
            answering from the current indexes until the swap.
          </p>
        </ConfirmButton>
      </div>
      {rebuild.data && (
        <p role="status" data-testid="rebuild-result">
          Rebuilt generation {rebuild.data.generation}: {formatCount(rebuild.data.eventsReplayed)}{" "}
          events replayed, {formatCount(rebuild.data.documentsWritten)} documents written.
        </p>
      )}
      {rebuild.error && <ErrorPanel error={rebuild.error} context="Rebuild" />}
    </section>
  );
}
