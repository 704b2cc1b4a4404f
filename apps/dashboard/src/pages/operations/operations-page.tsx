import { ParkedPanel } from "./parked-panel";
import { ProjectionStatusPanel } from "./projection-status-panel";
import { RebuildPanel } from "./rebuild-panel";
import { VerifyPanel } from "./verify-panel";

/** For operators (scope admin): how far the projection is, and the tools to repair it. */
export function OperationsPage() {
  return (
    <>
      <h1>Operations</h1>
      <ProjectionStatusPanel />
      <ParkedPanel />
      <div className="columns">
        <RebuildPanel />
        <VerifyPanel />
      </div>
    </>
  );
}
