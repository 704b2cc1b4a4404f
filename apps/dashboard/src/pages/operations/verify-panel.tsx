import { useMutation } from "@connectrpc/connect-query";
import { type Difference, ProjectorAdmin } from "@orderlens/contracts";
import { useId } from "react";
import { DataTable } from "../../charts/data-table";
import { ErrorPanel } from "../../errors/error-panel";
import { formatCount } from "../../format/money";
import { useServices } from "../../services/services-context";

const maxListed = 100;

/** Verify recomputes every document from the event store and lists what differs. */
export function VerifyPanel() {
  const id = useId();
  const { projector } = useServices();
  const verify = useMutation(ProjectorAdmin.method.verify, { transport: projector });
  const report = verify.data;
  return (
    <section className="panel" aria-labelledby={id} data-testid="verify">
      <h2 id={id}>Verify</h2>
      <div className="actions">
        <button
          type="button"
          disabled={verify.isPending}
          onClick={() => verify.mutate({ maxDifferences: maxListed })}
        >
          {verify.isPending ? "Verifying…" : "Verify indexes"}
        </button>
      </div>
      {verify.error && <ErrorPanel error={verify.error} context="Verify" />}
      {report && (
        <p role="status" data-testid="verify-result" data-clean={String(report.clean)}>
          {report.clean ? "Clean" : "Different"}: {formatCount(report.documentsChecked)} documents
          checked, {formatCount(report.differenceCount)} differences
          {report.differenceCount > BigInt(report.differences.length) &&
            ` (first ${report.differences.length} listed)`}
          .
        </p>
      )}
      {report && report.differences.length > 0 && (
        <DataTable<Difference>
          caption="Differences"
          rows={report.differences}
          rowKey={(d) => `${d.index}/${d.documentId}/${d.field}`}
          columns={[
            { header: "Index", cell: (d) => d.index },
            { header: "Document", cell: (d) => d.documentId },
            { header: "Field", cell: (d) => d.field },
            { header: "Expected", cell: (d) => d.expected },
            { header: "Actual", cell: (d) => d.actual },
          ]}
        />
      )}
    </section>
  );
}
