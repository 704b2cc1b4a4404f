// The domain time of a command: the server's clock, or in development and demos the time the
// client put in a header, so simulated orders can spread over past months.
import type { HandlerContext } from "@connectrpc/connect";
import { invalidArgument } from "@orderlens/server";

export const commandTimeHeader = "x-orderlens-command-time";

export interface CommandTimeOptions {
  /** The server's clock (epoch milliseconds). */
  clock: () => number;
  /** Accept the header (ISO 8601); refused with INVALID_ARGUMENT otherwise. */
  allowClientTime: boolean;
}

export function commandTimeOf(ctx: HandlerContext, options: CommandTimeOptions): number {
  const header = ctx.requestHeader.get(commandTimeHeader);
  if (header === null) return options.clock();
  if (!options.allowClientTime) {
    throw invalidArgument(
      [
        {
          field: commandTimeHeader,
          description: "is accepted only when ALLOW_CLIENT_COMMAND_TIME=true (development)",
        },
      ],
      "command time header not allowed",
    );
  }
  const at = Date.parse(header);
  if (!Number.isFinite(at)) {
    throw invalidArgument(
      [{ field: commandTimeHeader, description: "must be an ISO 8601 time" }],
      "bad command time",
    );
  }
  return at;
}
