import { checkCommand } from "@orderlens/domain";
import { StreamVersionConflict } from "@orderlens/event-store";
import { describe, expect, it } from "vitest";
import { CommitOutcomeUnknown } from "./command-batch-run.js";
import type { PendingCommand } from "./command-queue.js";
import { afterBatchFailure } from "./command-retry.js";

function pending(attempt: number, expectedVersion?: number): PendingCommand {
  const checked = checkCommand({ type: "CompleteOrder", orderId: "o-1", at: 0 });
  if (!checked.ok) throw new Error("fixture command is invalid");
  return {
    command: checked.command,
    ctx: {
      requestId: undefined,
      fingerprint: "f",
      expectedVersion,
      correlationId: "c",
      actor: "a",
    },
    keys: ["order:o-1"],
    attempt,
    resolve: () => {},
    reject: () => {},
  };
}

const conflict = new StreamVersionConflict(new Error("dup"));
const deadlock = Object.assign(new Error("deadlock"), { errno: 1213 });
const twinCommitted = Object.assign(new Error("Duplicate entry 'r' for key 'PRIMARY'"), {
  code: "ER_DUP_ENTRY",
  errno: 1062,
});

describe("afterBatchFailure", () => {
  it("gives every command of a failed batch one lone try at once, whatever the error", () => {
    expect(afterBatchFailure(pending(0), new Error("syntax"), 5)).toEqual({
      action: "retry",
      delayMs: 0,
    });
  });

  it("hands a lost commit's cause to the caller: running it again could apply it twice", () => {
    const cause = new Error("connection lost");
    expect(afterBatchFailure(pending(0), new CommitOutcomeUnknown(cause), 5)).toEqual({
      action: "reject",
      error: cause,
    });
  });

  it("rejects an error a fresh read cannot cure", () => {
    const error = new Error("syntax");
    expect(afterBatchFailure(pending(1), error, 5)).toEqual({ action: "reject", error });
  });

  it("retries lost races and lock errors with a random delay growing with the attempts", () => {
    for (const error of [conflict, deadlock, twinCommitted]) {
      const next = afterBatchFailure(pending(3), error, 5);
      expect(next.action).toBe("retry");
      if (next.action !== "retry") continue;
      expect(next.delayMs).toBeGreaterThanOrEqual(0);
      expect(next.delayMs).toBeLessThan(15);
    }
  });

  it("answers contention after maxAttempts, except for a pinned version's lost race", () => {
    expect(afterBatchFailure(pending(5), deadlock, 5)).toEqual({
      action: "resolve",
      result: { ok: false, failure: { kind: "contention", attempts: 5 } },
    });
    expect(afterBatchFailure(pending(5, 3), conflict, 5).action).toBe("retry");
    expect(afterBatchFailure(pending(5), conflict, 5).action).toBe("resolve");
  });
});
